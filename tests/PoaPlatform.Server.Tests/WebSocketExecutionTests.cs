using System.Text.Json.Nodes;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>Operations over the WebSocket run through the same execution setup as over HTTP: error codes, metrics,
/// the time limit and the depth and complexity limits.</summary>
public sealed class WebSocketExecutionTests
{
    private const string ReportProgress = """
        mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }
        """;

    [Fact]
    public async Task AConflictingMutationOverTheSocketCarriesItsCodeAndCountsAsAMutation()
    {
        await using var server = new PoaServerFactory();
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync("tesoreria", 1);
        var activityId = (int)action["activities"]![0]!["id"]!;
        using var metrics = new MetricRecorder(server);
        using var socket = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await socket.InitAsync(server.Token(PoaPlatform.Auth.PoaRoles.Admin, "", poa.Municipality));
        object Input(decimal achieved) => new
        {
            input = new { municipality = poa.Municipality, year = TestPoa.Year, department = "tesoreria", number = 1, expectedVersion = 1, activityId, month = 4, achieved, spent = 0, note = "Avance" },
        };

        var first = await socket.RunAsync("1", ReportProgress, Input(5));
        Assert.Equal("complete", (await socket.ReceiveAsync())["type"]!.GetValue<string>());
        var second = await socket.RunAsync("2", ReportProgress, Input(9));

        Assert.Equal(("next", 2L), (first["type"]!.GetValue<string>(), (long)first["payload"]!["data"]!["reportProgress"]!["version"]!));
        Assert.Equal("next", second["type"]!.GetValue<string>());
        var error = second["payload"]!["errors"]![0]!;
        Assert.Equal("CONFLICT", (string?)error["extensions"]!["code"]);
        Assert.Equal(2L, (long)error["extensions"]!["currentVersion"]!);
        Assert.Equal($"activity/{activityId}/progress/4", (string?)error["extensions"]!["field"]);
        Assert.Equal("PROGRESS", (string?)error["extensions"]!["kind"]);
        Assert.Equal(1, metrics.Sum("poa.mutations", ("kind", "reportProgress"), ("outcome", "ok")));
        Assert.Equal(1, metrics.Sum("poa.mutations", ("kind", "reportProgress"), ("outcome", "CONFLICT")));
        Assert.Equal(1, metrics.Sum("poa.conflicts", ("kind", "reportProgress")));
    }

    [Fact]
    public async Task WhatTheSocketSendsIsTheJsonHttpAnswersWithAccentsQuotesAndSymbols()
    {
        await using var server = new PoaServerFactory();
        var poa = await TestPoa.CreateAsync(server);
        const string name = "Rehabilitación del jardín \"Juárez\" — ñandú \\ 100 % € 🌳";
        await poa.CreateActionAsync("tesoreria", 1, name: name);
        var query = $$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "tesoreria") { action(number: 1) { name number } } } }""";
        using var socket = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await socket.InitAsync(server.Token(PoaPlatform.Auth.PoaRoles.Admin, "", poa.Municipality));

        var overSocket = await socket.RunAsync("q", query);
        var overHttp = await poa.Admin.DataAsync(query);

        Assert.Equal(name, (string?)overSocket["payload"]!["data"]!["poa"]!["department"]!["action"]!["name"]);
        Assert.Equal(overHttp.ToJsonString(), overSocket["payload"]!["data"]!.ToJsonString());
        Assert.Equal("complete", (await socket.ReceiveAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnOperationPastTheTimeLimitOverTheSocketIsATimeoutError()
    {
        await using var server = new ImpatientServerFactory();
        using var socket = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await socket.InitAsync();

        var answer = await socket.RunAsync("slow", "{ poa(year: 2021) { totals { investment } departments { totalCount } } }");

        Assert.Equal("error", answer["type"]!.GetValue<string>());
        Assert.Equal("TIMEOUT", (string?)answer["payload"]![0]!["extensions"]!["code"]);
        Assert.DoesNotContain("   at ", answer.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ poa(year: 2021) { departments { edges { node { actions { edges { node { activities { progress { month } } } } } } } } } }")]
    [InlineData("{ a: poa(year: 2021) { actions(first: 500) { nodes { key name activities { id description } } } } b: poa(year: 2022) { actions(first: 500) { nodes { key } } } }")]
    public async Task DepthAndComplexityLimitsRefuseTheSameDocumentsOverTheSocketAsOverHttp(string query)
    {
        await using var server = new StrictServerFactory();
        var overHttp = await server.Client().SendAsync(query);
        using var socket = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await socket.InitAsync();

        var overSocket = await socket.RunAsync("limits", query);

        Assert.Null(overHttp["data"]);
        Assert.Equal("error", overSocket["type"]!.GetValue<string>());
        Assert.Equal(overHttp["errors"]!.ToJsonString(), overSocket["payload"]!.ToJsonString());
        Assert.Equal("COMPLEXITY", (string?)overHttp["errors"]![0]!["extensions"]!["code"]);
    }

    /// <summary>The smallest time limit the options accept (1 ms): a cold POA read cannot meet it.</summary>
    private sealed class ImpatientServerFactory : PoaServerFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["GraphQL:Timeout"] = "00:00:00.001";
            return settings;
        }
    }

    /// <summary>Small depth and complexity limits.</summary>
    private sealed class StrictServerFactory : PoaServerFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["GraphQL:MaxDepth"] = "8";
            settings["GraphQL:MaxComplexity"] = "500";
            return settings;
        }
    }
}
