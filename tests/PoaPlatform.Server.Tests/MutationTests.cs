using System.Text.Json.Nodes;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class MutationTests(PoaServerFactory server)
{
    private static readonly string[] s_codesWithAnInvalidOne = ["3821", "ABCD"];

    private const string Payload = "version activityId action { version name goal investment activities { id description investment monthlyTargets annualTarget progress { month achieved } } }";

    [Fact]
    public async Task EveryActionCommandReturnsTheNewVersionAndTheUpdatedAction()
    {
        var poa = await TestPoa.CreateAsync(server);
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
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync("tesoreria", 1);
        var version = (long)action["version"]!;
        var activity = (int)action["activities"]![0]!["id"]!;

        var first = await poa.ReportProgressAsync(poa.Admin, "tesoreria", 1, version, activity, 5, 3);
        Assert.Null(first["errors"]);
        var second = await poa.ReportProgressAsync(poa.Admin, "tesoreria", 1, version, activity, 5, 4);

        var error = second["errors"]![0]!;
        Assert.Equal("CONFLICT", (string?)error["extensions"]!["code"]);
        Assert.Equal((long)first["data"]!["reportProgress"]!["version"]!, (long)error["extensions"]!["currentVersion"]!);
        Assert.Equal("achieved 3; exercised 0; note Avance del mes", (string?)error["extensions"]!["currentValue"]);
        Assert.Equal(($"activity/{activity}/progress/5", "PROGRESS", activity, 5),
            ((string?)error["extensions"]!["field"], (string?)error["extensions"]!["kind"], (int)error["extensions"]!["activityId"]!, (int)error["extensions"]!["month"]!));
        var changed = Assert.Single(error["extensions"]!["changedSince"]!.AsArray())!;
        Assert.Equal(($"activity/{activity}/progress/5", "PROGRESS", 5, "achieved 3; exercised 0; note Avance del mes"),
            ((string?)changed["path"], (string?)changed["kind"], (int)changed["month"]!, (string?)changed["value"]));
        Assert.Null(second["data"]!["reportProgress"]);

        // Another month of the same activity, from the same old version, does not conflict.
        var other = await poa.ReportProgressAsync(poa.Admin, "tesoreria", 1, version, activity, 6, 2);
        Assert.Null(other["errors"]);
    }

    [Fact]
    public async Task CommandErrorsCarryTheirCode()
    {
        var poa = await TestPoa.CreateAsync(server);
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

    [Fact]
    public async Task AClientMutationIdMakesARetriedCreateAndReportReturnTheFirstAnswer()
    {
        var poa = await TestPoa.CreateAsync(server);
        const string Create = "mutation($input: CreateActionInput!) { createAction(input: $input) { version clientMutationId } }";
        object CreateInput(string name) => new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = "cultura", number = 5, name, clientMutationId = "alta-5" } };

        var first = await poa.Admin.DataAsync(Create, CreateInput("Festival"));
        var retried = await poa.Admin.DataAsync(Create, CreateInput("Festival"));
        var changedRetry = await poa.Admin.DataAsync(Create, CreateInput("Otro nombre"));

        Assert.Equal((1L, "alta-5"), ((long)first["createAction"]!["version"]!, (string?)first["createAction"]!["clientMutationId"]));
        Assert.Equal(first.ToJsonString(), retried.ToJsonString());
        Assert.Equal(first.ToJsonString(), changedRetry.ToJsonString());
        var name = await server.Client().DataAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "cultura") { action(number: 5) { name version } } } }""");
        Assert.Equal(("Festival", 1L), ((string?)name["poa"]!["department"]!["action"]!["name"], (long)name["poa"]!["department"]!["action"]!["version"]!));
    }

    [Fact]
    public async Task AnInvalidConacCodeIsAFindingOnCreateUpdateAndImportAlike()
    {
        var poa = await TestPoa.CreateAsync(server);
        var created = await poa.CreateActionAsync("obras", 1, budgetItems: ["12"]);
        var update = await poa.Admin.DataAsync("""
            mutation($input: UpdateActionInput!) { updateAction(input: $input) { version action { budgetItems { code chapter } findings { code message } } } }
            """, new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = "obras", number = 1, expectedVersion = (long)created["version"]!, budgetItems = s_codesWithAnInvalidOne } });
        var document = Samples.SeedText.Replace("3191, 3691, 3821", "3191, 369, 3821", StringComparison.Ordinal);
        var import = await poa.Admin.DataAsync("""
            mutation($municipality: String!, $document: String!) { importPoa(municipality: $municipality, document: $document, dryRun: true) { findings { code actionNumber } } }
            """, new { municipality = poa.Municipality, document });

        var findings = update["updateAction"]!["action"]!["findings"]!.AsArray();
        var invalid = Assert.Single(findings, f => (string?)f!["code"] == "INVALID_BUDGET_ITEM")!;
        Assert.Contains("\"ABCD\"", (string?)invalid["message"], StringComparison.Ordinal);
        Assert.Equal(0, (int)update["updateAction"]!["action"]!["budgetItems"]![1]!["chapter"]!);
        Assert.Contains(import["importPoa"]!["findings"]!.AsArray(), f => (string?)f!["code"] == "INVALID_BUDGET_ITEM" && (int?)f["actionNumber"] == 3);
    }

    [Theory]
    [InlineData("""{ "name": "  " }""", "name")]
    [InlineData("""{ "beneficiaries": { "men": -1, "women": 3 } }""", "beneficiaries")]
    [InlineData("""{ "investment": -5 }""", "investment")]
    [InlineData("""{ "year": 1979 }""", "year")]
    [InlineData("""{ "number": 0 }""", "number")]
    public async Task TheSameRulesRefuseACreateAndAnUpdateNamingTheField(string change, string field)
    {
        var poa = await TestPoa.CreateAsync(server);
        var existing = await poa.CreateActionAsync("obras", 1);
        JsonObject Input(JsonObject basis)
        {
            foreach (var (key, value) in JsonNode.Parse(change)!.AsObject())
                basis[key] = value?.DeepClone();
            return basis;
        }
        var create = Input(new JsonObject { ["municipality"] = poa.Municipality, ["year"] = TestPoa.Year, ["department"] = "obras", ["number"] = 2, ["name"] = "Nueva" });
        var update = Input(new JsonObject { ["municipality"] = poa.Municipality, ["year"] = TestPoa.Year, ["department"] = "obras", ["number"] = 1, ["expectedVersion"] = (long)existing["version"]! });

        var onCreate = await poa.Admin.ErrorAsync("mutation($input: CreateActionInput!) { createAction(input: $input) { version } }", new { input = create });
        var onUpdate = await poa.Admin.ErrorAsync("mutation($input: UpdateActionInput!) { updateAction(input: $input) { version } }", new { input = update });

        Assert.Equal(("VALIDATION", field), ((string?)onCreate["extensions"]!["code"], (string?)onCreate["extensions"]!["field"]));
        Assert.Equal(("VALIDATION", field), ((string?)onUpdate["extensions"]!["code"], (string?)onUpdate["extensions"]!["field"]));
        Assert.Equal((string?)onCreate["message"], (string?)onUpdate["message"]);
    }
}
