using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PoaPlatform.Browser.Tests;

/// <summary>The graphql-transport-ws endpoint at /graphql spoken by a plain WebSocket client.</summary>
[Collection(SiteCollection.Name)]
public sealed class LiveProtocolTests(PoaSite site)
{
    private const string PoaChanged = "subscription { poaChanged(year: 2021) { department totals { investment } } }";

    [Fact]
    public async Task ASubscriberReceivesEachChangeUntilItCompletes()
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, new { type = "connection_init", payload = new { } });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))["type"]!.GetValue<string>());
        await SendAsync(socket, new { type = "ping" });
        Assert.Equal("pong", (await ReceiveAsync(socket))["type"]!.GetValue<string>());

        await SendAsync(socket, new { id = "a", type = "subscribe", payload = new { query = PoaChanged } });
        await Task.Delay(500);
        var (version, activityId, _) = await site.ActionAsync(6);
        await site.ReportProgressAsync(6, version, activityId, month: 6, achieved: 3, spent: 0);
        var next = await ReceiveAsync(socket);
        Assert.Equal("next", next["type"]!.GetValue<string>());
        Assert.Equal("a", next["id"]!.GetValue<string>());
        Assert.Equal(PoaSite.Department, next["payload"]!["data"]!["poaChanged"]!["department"]!.GetValue<string>());

        // A query on the same socket answers once and completes.
        await SendAsync(socket, new { id = "q", type = "subscribe", payload = new { query = "{ poa(year: 2021) { totals { actions } } }" } });
        var answer = await ReceiveAsync(socket);
        Assert.Equal(("next", "q"), (answer["type"]!.GetValue<string>(), answer["id"]!.GetValue<string>()));
        Assert.True(answer["payload"]!["data"]!["poa"]!["totals"]!["actions"]!.GetValue<int>() > 0);
        Assert.Equal("complete", (await ReceiveAsync(socket))["type"]!.GetValue<string>());

        await SendAsync(socket, new { id = "a", type = "complete" });
        await Task.Delay(300);
        (version, _, _) = await site.ActionAsync(6);
        await site.ReportProgressAsync(6, version, activityId, month: 7, achieved: 3, spent: 0);
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReceiveAsync(socket, quiet.Token));
    }

    [Theory]
    [InlineData("subscribe-before-ack", 4401)]
    [InlineData("second-init", 4429)]
    [InlineData("duplicate-id", 4409)]
    [InlineData("no-type", 4400)]
    [InlineData("bad-token", 4403)]
    [InlineData("no-init", 4408)]
    public async Task ProtocolViolationsCloseTheSocketWithTheirCode(string violation, int code)
    {
        using var socket = await ConnectAsync();
        var subscribe = new { id = "1", type = "subscribe", payload = new { query = PoaChanged } };
        switch (violation)
        {
            case "subscribe-before-ack":
                await SendAsync(socket, subscribe);
                break;
            case "second-init":
                await InitAsync(socket);
                await SendAsync(socket, new { type = "connection_init" });
                break;
            case "duplicate-id":
                await InitAsync(socket);
                await SendAsync(socket, subscribe);
                await SendAsync(socket, subscribe);
                break;
            case "no-type":
                await SendAsync(socket, new { id = "1" });
                break;
            case "bad-token":
                await SendAsync(socket, new { type = "connection_init", payload = new { Authorization = "Bearer not-a-token" } });
                break;
            case "no-init":
                break; // the fixture's server waits one second for connection_init
        }
        Assert.Equal(code, await ClosedWithAsync(socket));
    }

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new Uri($"ws://{site.BaseAddress.Authority}/graphql"), CancellationToken.None);
        Assert.Equal("graphql-transport-ws", socket.SubProtocol);
        return socket;
    }

    private static async Task InitAsync(ClientWebSocket socket)
    {
        await SendAsync(socket, new { type = "connection_init" });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))["type"]!.GetValue<string>());
    }

    private static Task SendAsync(ClientWebSocket socket, object message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonNode> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonNode.Parse(message.ToArray())!;
    }

    /// <summary>Reads until the server's close frame and returns its code (messages before it are skipped).</summary>
    private static async Task<int> ClosedWithAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
                return (int)result.CloseStatus!.Value;
        }
    }
}
