using PoaPlatform.Testing;

namespace PoaPlatform.Browser.Tests;

/// <summary>The graphql-transport-ws endpoint at /graphql spoken by a plain WebSocket client.</summary>
[Collection(SiteCollection.Name)]
public sealed class LiveProtocolTests(PoaSite site)
{
    private const string PoaChanged = "subscription { poaChanged(year: 2021) { department totals { investment } } }";

    [Fact]
    public async Task ASubscriberReceivesEachChangeUntilItCompletes()
    {
        using var client = await ConnectAsync();
        await client.SendAsync(new { type = "connection_init", payload = new { } });
        Assert.Equal("connection_ack", (await client.ReceiveAsync())["type"]!.GetValue<string>());
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync())["type"]!.GetValue<string>());

        await client.SendAsync(new { id = "a", type = "subscribe", payload = new { query = PoaChanged } });
        await Task.Delay(500);
        var (version, activityId, _) = await site.ActionAsync(6);
        await site.ReportProgressAsync(6, version, activityId, month: 6, achieved: 3, exercised: 0);
        var next = await client.ReceiveAsync();
        Assert.Equal("next", next["type"]!.GetValue<string>());
        Assert.Equal("a", next["id"]!.GetValue<string>());
        Assert.Equal(PoaSite.Department, next["payload"]!["data"]!["poaChanged"]!["department"]!.GetValue<string>());

        // A query on the same socket answers once and completes.
        await client.SendAsync(new { id = "q", type = "subscribe", payload = new { query = "{ poa(year: 2021) { totals { actions } } }" } });
        var answer = await client.ReceiveAsync();
        Assert.Equal(("next", "q"), (answer["type"]!.GetValue<string>(), answer["id"]!.GetValue<string>()));
        Assert.True(answer["payload"]!["data"]!["poa"]!["totals"]!["actions"]!.GetValue<int>() > 0);
        Assert.Equal("complete", (await client.ReceiveAsync())["type"]!.GetValue<string>());

        await client.SendAsync(new { id = "a", type = "complete" });
        await Task.Delay(300);
        (version, _, _) = await site.ActionAsync(6);
        await site.ReportProgressAsync(6, version, activityId, month: 7, achieved: 3, exercised: 0);
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ReceiveAsync(quiet.Token));
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
        using var client = await ConnectAsync();
        var subscribe = new { id = "1", type = "subscribe", payload = new { query = PoaChanged } };
        switch (violation)
        {
            case "subscribe-before-ack":
                await client.SendAsync(subscribe);
                break;
            case "second-init":
                await client.InitAsync();
                await client.SendAsync(new { type = "connection_init" });
                break;
            case "duplicate-id":
                await client.InitAsync();
                await client.SendAsync(subscribe);
                await client.SendAsync(subscribe);
                break;
            case "no-type":
                await client.SendAsync(new { id = "1" });
                break;
            case "bad-token":
                await client.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer not-a-token" } });
                break;
            case "no-init":
                break; // the fixture's server waits one second for connection_init
        }
        Assert.Equal(code, await client.ClosedWithAsync());
    }

    private Task<GraphQLWebSocketClient> ConnectAsync() => GraphQLWebSocketClient.ConnectAsync(site.BaseAddress);
}
