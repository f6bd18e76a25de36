using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PoaPlatform.Server.GraphQL.WebSockets;
using PoaPlatform.Server.Live;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>What one client can hold on the WebSocket: sockets per address and in all, operations per socket, and
/// the bytes waiting for a client that does not read (then it is closed and its queue dropped).</summary>
public sealed class WebSocketLimitTests(WebSocketLimitTests.LimitedSocketsServerFactory server) : IClassFixture<WebSocketLimitTests.LimitedSocketsServerFactory>
{
    private const string PoaChanged = "subscription($m: String!) { poaChanged(municipality: $m, year: 2021) { poaKey departmentKey version totals { investment actions activities findings } } }";

    /// <summary>The same subscription asking for its totals ten times (the most a document may repeat a field): each
    /// change is about ten times the bytes, so a reader that never reads fills its buffers in few changes even when a
    /// loaded machine makes each change slow.</summary>
    private static readonly string s_largePoaChanged = "subscription($m: String!) { poaChanged(municipality: $m, year: 2021) { poaKey departmentKey version " +
        string.Concat(Enumerable.Range(0, 10).Select(i => $"t{i}: totals {{ investment approvedInvestment investmentDifference declaredBeneficiaries {{ men women total }} largestCoverage {{ men women total }} actions activities findings }} ")) +
        "} }";

    [Fact]
    public async Task AnAddressGetsNoMoreSocketsThanItsLimitAndOneMoreOnceOneCloses()
    {
        var sockets = new List<GraphQLWebSocketClient>();
        try
        {
            for (var i = 0; i < 3; i++)
                sockets.Add(await GraphQLWebSocketClient.ConnectAsync(server.Address));

            using var refused = new ClientWebSocket();
            refused.Options.AddSubProtocol(GraphQLWebSocketEndpoint.SubProtocol);
            refused.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(new Uri($"ws://{server.Address.Authority}/graphql"), CancellationToken.None));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.HttpStatusCode);

            await sockets[0].Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            sockets[0].Dispose();
            sockets.RemoveAt(0);
            await Eventually.TrueAsync(() => server.Services.GetRequiredService<SocketAdmission>().Open == 2);
            sockets.Add(await GraphQLWebSocketClient.ConnectAsync(server.Address));
        }
        finally
        {
            foreach (var socket in sockets)
                socket.Dispose();
        }
    }

    [Fact]
    public void TheHostGetsNoMoreSocketsThanItsLimitWhateverTheirAddresses()
    {
        var admission = new SocketAdmission(Options.Create(new LiveOptions { MaxSockets = 3, MaxSocketsPerAddress = 2 }));
        var a = IPAddress.Parse("10.0.0.1");
        var b = IPAddress.Parse("10.0.0.2");

        var leases = new[] { admission.TryAdmit(a), admission.TryAdmit(a), admission.TryAdmit(a), admission.TryAdmit(b), admission.TryAdmit(b) };

        Assert.Equal([true, true, false, true, false], leases.Select(l => l.Lease is not null));
        Assert.Contains("Live:MaxSocketsPerAddress", leases[2].Refusal, StringComparison.Ordinal);
        Assert.Contains("Live:MaxSockets)", leases[4].Refusal, StringComparison.Ordinal);
        leases[0].Lease!.Dispose();
        leases[0].Lease!.Dispose();
        Assert.Equal(2, admission.Open);
        Assert.NotNull(admission.TryAdmit(b).Lease);
    }

    [Fact]
    public async Task ASocketRunsNoMoreOperationsThanItsLimitAndStaysOpen()
    {
        var poa = await TestMunicipality.CreateAsync(server);
        using var socket = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await socket.InitAsync();
        for (var i = 0; i < 50; i++)
            await socket.SendAsync(new { id = $"s{i}", type = "subscribe", payload = new { query = PoaChanged, variables = new { m = poa.Municipality } } });

        var refused = await socket.RunAsync("one-more", PoaChanged, new { m = poa.Municipality });

        Assert.Equal("error", (string?)refused["type"]);
        Assert.Equal("TOO_MANY_REQUESTS", (string?)refused["payload"]![0]!["extensions"]!["code"]);
        await socket.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (string?)(await socket.ReceiveAsync())["type"]);
    }

    [Fact]
    public async Task AClientThatDoesNotReadIsClosedInsteadOfBufferedWithoutLimit()
    {
        using var metrics = new MetricRecorder(server);
        var poa = await TestMunicipality.CreateAsync(server);
        await poa.CreateActionAsync("obras", 1);
        var admission = server.Services.GetRequiredService<SocketAdmission>();
        await Eventually.TrueAsync(() => admission.Open == 0);
        using var socket = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await socket.InitAsync();
        for (var i = 0; i < 50; i++)
            await socket.SendAsync(new { id = $"s{i}", type = "subscribe", payload = new { query = s_largePoaChanged, variables = new { m = poa.Municipality } } });
        await Task.Delay(500);

        // Each change is 50 messages this client never reads, until the kernel's buffers and then the socket's queue
        // are full and the server lets the socket go.
        var changes = 0;
        var version = 1L;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (admission.Open > 0 && DateTime.UtcNow < deadline)
        {
            var answer = await poa.Admin.DataAsync("mutation($i: UpdateActionInput!) { updateAction(input: $i) { version } }", new
            {
                i = new { municipality = poa.Municipality, year = 2021, department = "obras", number = 1, expectedVersion = version, name = $"Acción {changes}" },
            });
            version = (long)answer["updateAction"]!["version"]!;
            changes++;
        }
        Assert.True(admission.Open == 0, $"still open after {changes} changes");
        Assert.Equal(1, metrics.Sum("poa.websockets.slow_readers"));

        // What the client can still read is what was in flight, then the close (1008) or a cut connection.
        var (received, closedWith) = await DrainAsync(socket.Socket);
        Assert.True(received < changes * 50, $"{received} messages of {changes * 50}");
        Assert.True(closedWith is null or (int)WebSocketCloseStatus.PolicyViolation, $"closed with {closedWith}");
    }

    private static async Task<(int Messages, int? CloseStatus)> DrainAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var messages = 0;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                    return (messages, (int?)result.CloseStatus);
                if (result.EndOfMessage)
                    messages++;
            }
        }
        catch (WebSocketException)
        {
            return (messages, null);
        }
    }

    /// <summary>Three sockets per address, 50 operations per socket, 64 KiB waiting per socket.</summary>
    public sealed class LimitedSocketsServerFactory : PoaServerFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Live:MaxSocketsPerAddress"] = "3";
            settings["Live:MaxOperationsPerConnection"] = "50";
            settings["Live:MaxQueuedBytesPerSocket"] = (64 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return settings;
        }
    }
}
