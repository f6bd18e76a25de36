using System.Text.Json.Nodes;

namespace PoaPlatform.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class MutationTests(PoaServerFactory server)
{
    private const string Payload = "version activityId action { version name goal investment activities { id description investment monthlyTargets annualTarget progress { month achieved } } }";

    [Fact]
    public async Task EveryActionCommandReturnsTheNewVersionAndTheUpdatedAction()
    {
        var poa = new TestPoa(server);
        var action = await poa.CreateActionAsync("desarrollo-social", 4);
        var version = (long)action["version"]!;
        var client = poa.Admin;
        const string dept = "desarrollo-social";

        async Task<JsonNode> Run(string mutation, string inputType, object input)
        {
            var data = await client.DataAsync($$"""mutation($input: {{inputType}}!) { {{mutation}}(input: $input) { {{Payload}} } }""", new { input });
            var payload = data[mutation]!;
            Assert.True((long)payload["version"]! > version, $"{mutation} did not raise the version");
            version = (long)payload["version"]!;
            return payload;
        }

        var updated = await Run("updateAction", "UpdateActionInput", new { municipality = poa.Municipality, year = TestPoa.Year, department = dept, number = 4, expectedVersion = version, goal = "Nueva meta", investment = 2000m });
        Assert.Equal("Nueva meta", (string?)updated["action"]!["goal"]);
        Assert.Equal(2000m, (decimal)updated["action"]!["investment"]!);

        var added = await Run("addActivity", "AddActivityInput", new
        {
            municipality = poa.Municipality, year = TestPoa.Year, department = dept, number = 4, expectedVersion = version,
            activity = new { description = "Tercera", monthlyTargets = Enumerable.Repeat(1m, 12).ToArray() },
        });
        var newId = (int)added["activityId"]!;
        Assert.Contains(added["action"]!["activities"]!.AsArray(), a => (int)a!["id"]! == newId && (string?)a["description"] == "Tercera");

        var changed = await Run("updateActivity", "UpdateActivityInput", new { municipality = poa.Municipality, year = TestPoa.Year, department = dept, number = 4, expectedVersion = version, activityId = newId, description = "Tercera bis", investment = 10m });
        Assert.Contains(changed["action"]!["activities"]!.AsArray(), a => (string?)a!["description"] == "Tercera bis");

        var targets = await Run("setMonthlyTargets", "SetMonthlyTargetsInput", new
        {
            municipality = poa.Municipality, year = TestPoa.Year, department = dept, number = 4, expectedVersion = version, activityId = newId,
            targets = new[] { new { month = 1, value = 5m }, new { month = 12, value = 7m } },
        });
        var third = targets["action"]!["activities"]!.AsArray().Single(a => (int)a!["id"]! == newId)!;
        Assert.Equal(5m, (decimal)third["monthlyTargets"]![0]!);
        Assert.Equal(22m, (decimal)third["annualTarget"]!);

        var progress = await Run("reportProgress", "ReportProgressInput", new { municipality = poa.Municipality, year = TestPoa.Year, department = dept, number = 4, expectedVersion = version, activityId = newId, month = 3, achieved = 4m, spent = 40m, note = "ok" });
        Assert.Equal(4m, (decimal)progress["action"]!["activities"]!.AsArray().Single(a => (int)a!["id"]! == newId)!["progress"]![0]!["achieved"]!);

        var removed = await Run("removeActivity", "RemoveActivityInput", new { municipality = poa.Municipality, year = TestPoa.Year, department = dept, number = 4, expectedVersion = version, activityId = newId });
        Assert.DoesNotContain(removed["action"]!["activities"]!.AsArray(), a => (int)a!["id"]! == newId);

        var deleted = await Run("deleteAction", "DeleteActionInput", new { municipality = poa.Municipality, year = TestPoa.Year, department = dept, number = 4, expectedVersion = version });
        var city = await server.Client().DataAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { totals { actions } actions { totalCount } } }""");
        Assert.Equal(0, (int)city["poa"]!["totals"]!["actions"]!);
        Assert.Equal(0, (int)city["poa"]!["actions"]!["totalCount"]!);
        Assert.Null(deleted["action"]);
    }

    [Fact]
    public async Task TwoEditsOfTheSameCellFromOneVersionGiveOneSuccessAndOneConflictWithTheCurrentVersion()
    {
        var poa = new TestPoa(server);
        var action = await poa.CreateActionAsync("tesoreria", 1);
        var version = (long)action["version"]!;
        var activity = (int)action["activities"]![0]!["id"]!;

        var first = await poa.ReportProgressAsync(poa.Admin, "tesoreria", 1, version, activity, 5, 3);
        Assert.Null(first["errors"]);
        var second = await poa.ReportProgressAsync(poa.Admin, "tesoreria", 1, version, activity, 5, 4);

        var error = second["errors"]![0]!;
        Assert.Equal("CONFLICT", (string?)error["extensions"]!["code"]);
        Assert.Equal((long)first["data"]!["reportProgress"]!["version"]!, (long)error["extensions"]!["currentVersion"]!);
        Assert.NotNull(error["extensions"]!["changedSince"]);
        Assert.True(error["extensions"]!.AsObject().ContainsKey("currentValue"));
        Assert.Null(second["data"]!["reportProgress"]);

        // Another month of the same activity, from the same old version, does not conflict.
        var other = await poa.ReportProgressAsync(poa.Admin, "tesoreria", 1, version, activity, 6, 2);
        Assert.Null(other["errors"]);
    }

    [Fact]
    public async Task CommandErrorsCarryTheirCode()
    {
        var poa = new TestPoa(server);
        var action = await poa.CreateActionAsync("tesoreria", 1);
        var version = (long)action["version"]!;

        var missing = await poa.ReportProgressAsync(poa.Admin, "tesoreria", 99, 0, 1, 1, 1);
        Assert.Equal("NOT_FOUND", (string?)missing["errors"]![0]!["extensions"]!["code"]);

        var badMonth = await poa.ReportProgressAsync(poa.Admin, "tesoreria", 1, version, (int)action["activities"]![0]!["id"]!, 13, 1);
        Assert.Equal("VALIDATION", (string?)badMonth["errors"]![0]!["extensions"]!["code"]);

        var twice = await poa.Admin.SendAsync("""
            mutation($input: CreateActionInput!) { createAction(input: $input) { version } }
            """, new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = "tesoreria", number = 1, name = "Otra" } });
        Assert.Equal("ALREADY_EXISTS", (string?)twice["errors"]![0]!["extensions"]!["code"]);
    }
}
