using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PoaPlatform.Server.GraphQL.WebSockets;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>Subscriptions of one host that ask the same share one execution per event (<see cref="SharedStreams"/>):
/// each subscriber still gets its own message, under its own id, and leaves on its own.</summary>
[Collection(ServerCollection.Name)]
public sealed class SharedStreamsTests(PoaServerFactory server)
{
    private const string Query = "subscription($m: String!) { poaChanged(municipality: $m, year: 2021) { department version totals { actions investment } } }";
    private const string OtherQuery = "subscription($m: String!) { poaChanged(municipality: $m, year: 2021) { version } }";

    /// <summary>Its root field comes through a fragment: not known to be the event alone, so it has a stream of its own.</summary>
    private const string FragmentQuery = "subscription($m: String!) { ...Change } fragment Change on Subscription { poaChanged(municipality: $m, year: 2021) { version } }";

    [Fact]
    public async Task SubscribersThatAskTheSameShareAStreamAndEachGetsItsOwnMessages()
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync("obras", 1);
        var activity = (int)action["activities"]![0]!["id"]!;
        var shared = server.Services.GetRequiredService<SharedStreams>();
        var variables = new { m = poa.Municipality };

        using var first = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        using var second = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await first.InitAsync();
        await second.InitAsync();
        var key = await first.SubscribeAsync("a", Query, variables);
        await first.SubscribeAsync("b", Query, variables);
        await second.SubscribeAsync("c", Query, variables);
        var otherKey = await second.SubscribeAsync("d", OtherQuery, variables);
        var fragmentKey = await second.SubscribeAsync("e", FragmentQuery, variables);
        await Eventually.TrueAsync(() => shared.SubscribersOf(key) == 3 && shared.SubscribersOf(otherKey) == 1);

        async Task<long> ReportAsync(long expectedVersion, int month) =>
            (long)(await poa.ReportProgressAsync(poa.Admin, "obras", 1, expectedVersion, activity, month, 2))["data"]!["reportProgress"]!["action"]!["version"]!;
        var version = await ReportAsync((long)action["version"]!, 3);

        var (a, b) = (await first.ReceiveAsync(), await first.ReceiveAsync());
        var fromSecond = new[] { await second.ReceiveAsync(), await second.ReceiveAsync(), await second.ReceiveAsync() };
        var c = fromSecond.Single(m => (string?)m["id"] == "c");
        var d = fromSecond.Single(m => (string?)m["id"] == "d");
        var e = fromSecond.Single(m => (string?)m["id"] == "e");
        Assert.Equal(["a", "b"], new[] { a, b }.Select(m => (string?)m["id"]).Order());
        Assert.All([a, b, c, d, e], m => Assert.Equal("next", (string?)m["type"]));
        Assert.True(JsonNode.DeepEquals(d["payload"], e["payload"]), e.ToJsonString());
        Assert.True(JsonNode.DeepEquals(a["payload"], c["payload"]) && JsonNode.DeepEquals(b["payload"], c["payload"]), c.ToJsonString());
        Assert.Equal("obras", (string?)c["payload"]!["data"]!["poaChanged"]!["department"]);
        Assert.Equal(1, (int)c["payload"]!["data"]!["poaChanged"]!["totals"]!["actions"]!);
        Assert.Null(d["payload"]!["data"]!["poaChanged"]!["totals"]);
        // e has joined (it got its message) on a stream nobody else can join.
        Assert.Equal(0, shared.SubscribersOf(fragmentKey));

        // One subscriber completes: the others keep the stream, and it no longer hears of changes.
        await first.SendAsync(new { id = "a", type = "complete" });
        await Eventually.TrueAsync(() => shared.SubscribersOf(key) == 2);
        version = await ReportAsync(version, 4);
        Assert.Equal("b", (string?)(await first.ReceiveAsync())["id"]);
        Assert.Equal(["c", "d", "e"], new[] { await second.ReceiveAsync(), await second.ReceiveAsync(), await second.ReceiveAsync() }.Select(m => (string?)m["id"]).Order());
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.ReceiveAsync(quiet.Token));

        // The socket whose subscription started the stream goes away: the stream goes on for the other one.
        first.Dispose();
        await Eventually.TrueAsync(() => shared.SubscribersOf(key) == 1);
        await ReportAsync(version, 5);
        Assert.Equal(["c", "d", "e"], new[] { await second.ReceiveAsync(), await second.ReceiveAsync(), await second.ReceiveAsync() }.Select(m => (string?)m["id"]).Order());

        // The last socket goes away: so do the streams.
        second.Dispose();
        await Eventually.TrueAsync(() => shared.SubscribersOf(key) == 0 && shared.SubscribersOf(otherKey) == 0);
    }
}
