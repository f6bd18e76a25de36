using System.Diagnostics;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>The time limit covers validation as well as execution, over HTTP and over the WebSocket, but not a
/// subscription's lifetime; an answer larger than its limit is replaced by an error. On a host whose document limits
/// are raised far enough to let a document through whose validation outlasts the time limit.</summary>
public sealed class ExecutionLimitTests(ExecutionLimitTests.SlowValidationServerFactory server) : IClassFixture<ExecutionLimitTests.SlowValidationServerFactory>
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(2);

    /// <summary>How late an answer may be: the thread that answers shares two cores with the validation it abandoned
    /// and with the other tests.</summary>
    private static readonly TimeSpan s_margin = TimeSpan.FromSeconds(3);

    /// <summary>The same field 2,400 times: graphql-dotnet compares them pairwise, several seconds of work on one core
    /// (1,600 once validated within the 2 s limit on a warm host and an idle core).</summary>
    private static string SlowToValidate() =>
        "{ " + string.Concat(Enumerable.Repeat("poa(year: 2021) { key } ", 2400)) + "} # " + Guid.NewGuid();

    [Fact]
    public async Task ADocumentWhoseValidationOutlastsTheTimeLimitIsATimeoutInTimeOverHttp()
    {
        using var client = server.Client();
        // The time measured is the limit's, not a cold host's first request (its silo, seed and GraphQL set-up).
        await client.SendAsync("{ __typename }");
        var watch = Stopwatch.StartNew();
        var answer = await client.SendAsync(SlowToValidate());

        Assert.Equal("TIMEOUT", (string?)answer["errors"]![0]!["extensions"]!["code"]);
        Assert.True(watch.Elapsed < s_limit + s_margin, $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task ADocumentWhoseValidationOutlastsTheTimeLimitIsATimeoutInTimeOverTheSocket()
    {
        // Warmed over HTTP, the same host's GraphQL set-up (a warm-up over the socket would leave its "complete" to be
        // read as the next answer): the time measured is the limit's, not a cold host's first request.
        using (var client = server.Client())
            await client.SendAsync("{ __typename }");
        using var socket = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await socket.InitAsync();

        var watch = Stopwatch.StartNew();
        var answer = await socket.RunAsync("slow", SlowToValidate());

        Assert.Equal("error", (string?)answer["type"]);
        Assert.Equal("TIMEOUT", (string?)answer["payload"]![0]!["extensions"]!["code"]);
        Assert.True(watch.Elapsed < s_limit + s_margin, $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task ASubscriptionOutlivesTheTimeLimit()
    {
        var poa = await TestMunicipality.CreateAsync(server);
        using var socket = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await socket.InitAsync();
        await socket.SendAsync(new
        {
            id = "live", type = "subscribe",
            payload = new { query = "subscription($m: String!) { poaChanged(municipality: $m, year: 2021) { version totals { actions } } }", variables = new { m = poa.Municipality } },
        });

        await Task.Delay(s_limit + TimeSpan.FromSeconds(1));
        await poa.CreateActionAsync("obras", 1);

        var next = await socket.ReceiveAsync();
        Assert.Equal(("live", "next"), ((string?)next["id"], (string?)next["type"]));
        Assert.Equal(1, (int)next["payload"]!["data"]!["poaChanged"]!["totals"]!["actions"]!);
    }

    [Fact]
    public async Task AnAnswerLargerThanItsLimitIsReplacedByAnErrorOverHttpAndOverTheSocket()
    {
        var query = "{ poa(year: 2021) { " + string.Concat(Enumerable.Range(0, 400).Select(i => $"k{i}: key ")) + "} }";
        // A small answer first, once the host has room for it: a slow validation abandoned by another test of this host
        // may still hold a core for seconds, and a cold host's first request can pass the 2 s limit.
        var small = await SmallAnswerAsync();
        Assert.Equal("zacatecas/2021", (string?)small["poa"]!["key"]);

        var overHttp = await server.Client().SendAsync(query);
        using var socket = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await socket.InitAsync();
        var overSocket = await socket.RunAsync("big", query);

        Assert.Null(overHttp["data"]);
        Assert.Equal("RESPONSE_TOO_LARGE", (string?)overHttp["errors"]![0]!["extensions"]!["code"]);
        Assert.Contains("4,096 bytes", (string?)overHttp["errors"]![0]!["message"], StringComparison.Ordinal);
        Assert.Equal("next", (string?)overSocket["type"]);
        Assert.Equal("RESPONSE_TOO_LARGE", (string?)overSocket["payload"]!["errors"]![0]!["extensions"]!["code"]);
        Assert.True(overSocket.ToJsonString().Length < 4096);
    }

    private async Task<System.Text.Json.Nodes.JsonNode> SmallAnswerAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await server.Client().SendAsync("{ poa(year: 2021) { key } }");
            if (answer["errors"] is null || clock.Elapsed > TimeSpan.FromSeconds(30))
                return answer["data"] ?? throw new Xunit.Sdk.XunitException($"No small answer in 30 s: {answer.ToJsonString()}");
            await Task.Delay(500);
        }
    }

    /// <summary>A 2 s time limit, document limits raised out of the way, answers of at most 4 KiB.</summary>
    public sealed class SlowValidationServerFactory : PoaServerFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["GraphQL:Timeout"] = "00:00:02";
            settings["GraphQL:MaxRequestBytes"] = (256 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["GraphQL:MaxTokens"] = "100000";
            settings["GraphQL:MaxFields"] = "5000";
            settings["GraphQL:MaxFieldRepeats"] = "5000";
            settings["GraphQL:MaxComplexity"] = "100000000";
            settings["GraphQL:MaxResponseBytes"] = "4096";
            // The slow documents hold a turn for heavy operations for seconds after their answer: let others pass.
            settings["GraphQL:HeavyOperations"] = "8";
            return settings;
        }
    }
}
