using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PoaPlatform.Auth;
using PoaPlatform.Domain.Import;
using PoaPlatform.Domain.Model;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Tests;

/// <summary>What an attacker or a careless client sent in issue 11, over real HTTP: every answer is a GraphQL error with
/// a code (never 500, never INTERNAL), values beyond their ranges change nothing, and the city keeps counting.</summary>
[Collection(ServerCollection.Name)]
public sealed class HostileInputTests(PoaServerFactory server)
{
    private const string LargestDecimal = "79228162514264337593543950335";
    private const string GraphQLResponse = "application/graphql-response+json";

    private static readonly string[] s_valueCodes = ["INVALID_VALUE", "VALIDATION"];

    private const string CityFigures = """
        query($m: String!) { poa(municipality: $m, year: 2021) {
          totals { investment actions activities } compliance(upToMonth: 12) { ratio light }
          byAxis { axis investment compliance { ratio light } } byChapter { chapter investment }
          actions(sort: COMPLIANCE) { nodes { number trafficLight compliance { ratio } } } } }
        """;

    [Fact]
    public async Task TheLargestDecimalIsAValidationErrorAndTheCityKeepsCountingEveryAction()
    {
        var poa = await TestMunicipality.CreateAsync(server);
        string Create(int number) => $$"""
            mutation { createAction(input: { municipality: "{{poa.Municipality}}", year: 2021, department: "obras", number: {{number}},
              name: "Acción {{number}}", investment: {{LargestDecimal}} }) { version } }
            """;

        foreach (var number in new[] { 1, 2 })
        {
            var error = await poa.Admin.ErrorAsync(Create(number));
            Assert.Equal(("VALIDATION", "investment"), ((string?)error["extensions"]!["code"], (string?)error["extensions"]!["field"]));
            Assert.Contains("79,228,162,514,264,337,593,543,950,335", (string?)error["message"], StringComparison.Ordinal);
            Assert.Contains("10,000,000,000,000", (string?)error["message"], StringComparison.Ordinal);
        }
        var actions = new List<JsonNode>();
        for (var number = 1; number <= 4; number++)
            actions.Add(await poa.CreateActionAsync("obras", number, investment: PoaRules.MaxMoney));
        var activityId = (int)actions[0]["activities"]![0]!["id"]!;

        var input = new { municipality = poa.Municipality, year = TestPoa.Year, department = "obras", number = 1, expectedVersion = 1, activityId, month = 1, achieved = decimal.MaxValue, spent = 0 };
        var progress = await poa.Admin.ErrorAsync("mutation($i: ReportProgressInput!) { reportProgress(input: $i) { version } }", new { i = input });
        Assert.Equal(("VALIDATION", "achieved"), ((string?)progress["extensions"]!["code"], (string?)progress["extensions"]!["field"]));
        var targets = await poa.Admin.ErrorAsync("mutation($i: SetMonthlyTargetsInput!) { setMonthlyTargets(input: $i) { version } }", new
        {
            i = new { municipality = poa.Municipality, year = TestPoa.Year, department = "obras", number = 1, expectedVersion = 1, activityId, targets = new[] { new { month = 1, value = decimal.MaxValue }, new { month = 2, value = decimal.MaxValue } } },
        });
        Assert.Equal("VALIDATION", (string?)targets["extensions"]!["code"]);
        foreach (var month in new[] { 1, 2 })
        {
            var report = await poa.ReportProgressAsync(poa.Admin, "obras", 1, 1, activityId, month, PoaRules.MaxQuantity, PoaRules.MaxMoney);
            Assert.Null(report["errors"]);
        }

        var city = (await server.Client().DataAsync(CityFigures, new { m = poa.Municipality }))["poa"]!;
        Assert.Equal(4, (int)city["totals"]!["actions"]!);
        Assert.Equal(4 * PoaRules.MaxMoney, (decimal)city["totals"]!["investment"]!);
        Assert.Equal("RED", (string?)city["compliance"]!["light"]);
        Assert.Equal(4, city["actions"]!["nodes"]!.AsArray().Count);
        Assert.Equal(4 * PoaRules.MaxMoney, city["byAxis"]!.AsArray().Sum(e => (decimal)e!["investment"]!));
    }

    [Theory]
    [InlineData("{ poa(year: 2021) { totals { investment } } departments: poa(year: 99999999999) { key } }", "ARGUMENTS_OF_CORRECT_TYPE")]
    [InlineData("mutation { createAction(input: { year: 2021, department: \"x\", number: 1, name: \"x\", investment: 79228162514264337593543950336 }) { version } }", "ARGUMENTS_OF_CORRECT_TYPE")]
    [InlineData("mutation { createAction(input: { year: 2021, department: \"x\", number: 1, name: \"x\", investment: 1e40 }) { version } }", "ARGUMENTS_OF_CORRECT_TYPE")]
    [InlineData("{ poa(year: 2021) { audit(first: 99999999999) { field } } }", "ARGUMENTS_OF_CORRECT_TYPE")]
    [InlineData("{ poa(year: 2021) { noSuchField } }", "FIELDS_ON_CORRECT_TYPE")]
    public async Task ValuesThatDoNotFitTheirTypeAreRequestErrorsWithTheirCode(string query, string code)
    {
        var (status, body) = await PostAsync(query, GraphQLResponse);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, (string?)body["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task VariablesThatDoNotFitTheirTypeAreInvalidValues()
    {
        var poa = await TestMunicipality.CreateAsync(server);
        foreach (var investment in new object[] { 1e40, "1e40", "79228162514264337593543950336", decimal.MaxValue, -0.001m })
        {
            var response = await poa.Admin.PostAsync("mutation($i: CreateActionInput!) { createAction(input: $i) { version } }", new
            {
                i = new { municipality = poa.Municipality, year = 2021, department = "obras", number = 1, name = "x", investment },
            });
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Contains((string?)body["errors"]![0]!["extensions"]!["code"], s_valueCodes);
        }
        var city = await server.Client().DataAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { totals { actions } } }""");
        Assert.Equal(0, (int)city["poa"]!["totals"]!["actions"]!);
    }

    [Fact]
    public async Task AnUnpairedSurrogateIsAValidationErrorNamingTheField()
    {
        var poa = await TestMunicipality.CreateAsync(server);
        var read = await server.Client().ErrorAsync("""{ poa(municipality: "\ud800", year: 2021) { key } }""");
        Assert.Equal(("VALIDATION", "municipality"), ((string?)read["extensions"]!["code"], (string?)read["extensions"]!["field"]));

        var create = await poa.Admin.ErrorAsync($$"""
            mutation { createAction(input: { municipality: "{{poa.Municipality}}", year: 2021, department: "obras", number: 1, name: "Acci\udc00n" }) { version } }
            """);
        Assert.Equal(("VALIDATION", "name"), ((string?)create["extensions"]!["code"], (string?)create["extensions"]!["field"]));
        var department = await poa.Admin.ErrorAsync($$"""
            mutation { createAction(input: { municipality: "{{poa.Municipality}}", year: 2021, department: "ob\ud800ras", number: 1, name: "Acción" }) { version } }
            """);
        Assert.Equal(("VALIDATION", "department"), ((string?)department["extensions"]!["code"], (string?)department["extensions"]!["field"]));
    }

    [Fact]
    public async Task ListsAndTextsBeyondTheirLimitsAreRefusedNamingTheFieldTheSizeAndTheLimit()
    {
        var poa = await TestMunicipality.CreateAsync(server);
        JsonObject Input(object changes)
        {
            var input = new JsonObject { ["municipality"] = poa.Municipality, ["year"] = 2021, ["department"] = "obras", ["number"] = 1, ["name"] = "Acción" };
            foreach (var (key, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(changes))!.AsObject())
                input[key] = value?.DeepClone();
            return input;
        }
        (string Field, object Changes, string Says)[] cases =
        [
            ("axes", new { axes = Enumerable.Range(0, 11).Select(i => $"Eje {i}").ToArray() }, "has 11 entries; an action has at most 10 axes"),
            ("axes[0]", new { axes = new[] { new string('a', 5000) } }, "has 5,000 characters; keep it to 200"),
            ("budgetItems", new { budgetItems = Enumerable.Repeat("3821", 51).ToArray() }, "has 51 entries"),
            ("activities", new { activities = Enumerable.Range(0, 101).Select(i => new { description = "a" }).ToArray() }, "has 101 entries"),
            ("goal", new { goal = new string('g', 4001) }, "has 4,001 characters; keep it to 4,000"),
            ("department", new { department = new string('d', 201) }, "has 201 characters; keep it to 200"),
            ("municipality", new { municipality = new string('m', 61) }, "has 61 characters; a slug has at most 60"),
            ("number", new { number = 100_000 }, "from 1 to 99,999"),
        ];
        foreach (var (field, changes, says) in cases)
        {
            var error = await poa.Admin.ErrorAsync("mutation($i: CreateActionInput!) { createAction(input: $i) { version } }", new { i = Input(changes) });
            Assert.Equal(("VALIDATION", field), ((string?)error["extensions"]!["code"], (string?)error["extensions"]!["field"]));
            Assert.Contains(says, (string?)error["message"], StringComparison.Ordinal);
        }
        var city = await server.Client().DataAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { totals { actions } } }""");
        Assert.Equal(0, (int)city["poa"]!["totals"]!["actions"]!);
    }

    [Fact]
    public async Task AnImportStoresWhatIsInsideTheRulesAndNamesWhatItRefusedWithItsPlace()
    {
        var poa = await TestMunicipality.CreateAsync(server);
        var good = new PoaAction(1, "Bacheo", ["Eje"], "Meta", "", "", "", new Beneficiaries(1, 1), 100m, [new BudgetItem("6141")], []);
        var document = PoaWriter.Write(new PoaDocument(2021,
        [
            new Department("Obras Públicas", [good, good with { Number = 2, Investment = PoaRules.MaxMoney + 1 }]),
            new Department(new string('D', 300), [good]),
        ], []));
        const string Import = """
            mutation($m: String!, $doc: String!, $dry: Boolean!) { importPoa(municipality: $m, document: $doc, dryRun: $dry) {
              importedActions poa { totals { actions } departments { totalCount } } } }
            """;
        var planner = poa.Client(PoaRoles.Planner, "planeacion");

        foreach (var dryRun in new[] { true, false })
        {
            var answer = await planner.SendAsync(Import, new { m = poa.Municipality, doc = document, dry = dryRun });
            var errors = answer["errors"]!.AsArray();
            Assert.Equal(2, errors.Count);
            var money = errors.Single(e => e!["extensions"]!["actionNumber"] is not null)!["extensions"]!;
            Assert.Equal(("VALIDATION", "investment", "Obras Públicas", 2), ((string?)money["code"], (string?)money["field"], (string?)money["department"], (int)money["actionNumber"]!));
            var name = errors.Single(e => e!["extensions"]!["actionNumber"] is null)!;
            Assert.Equal("department", (string?)name["extensions"]!["field"]);
            Assert.Contains("300 characters; keep it to 200", (string?)name["message"], StringComparison.Ordinal);
            Assert.True(((string?)name["extensions"]!["department"])!.Length <= 80);
            Assert.Equal(dryRun ? 0 : 1, (int)answer["data"]!["importPoa"]!["importedActions"]!);
        }
        var city = (await server.Client().DataAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { totals { actions } departments { totalCount } } }"""))["poa"]!;
        Assert.Equal((1, 1), ((int)city["totals"]!["actions"]!, (int)city["departments"]!["totalCount"]!));
    }

    public static TheoryData<string, string> DocumentsBeyondTheLimits() => new()
    {
        { "the same field 2,000 times", "{ " + string.Concat(Enumerable.Repeat("poa(year:2021){key} ", 2000)) + "}" },
        { "6,000 tokens", "{ " + string.Concat(Enumerable.Repeat("a ", 6000)) + "}" },
        { "nested 200 levels", "{ " + string.Concat(Enumerable.Repeat("a { ", 200)) + "b" + string.Concat(Enumerable.Repeat(" }", 200)) + " }" },
        { "a list literal 180 deep", "{ poa(year: 2021, municipality: " + new string('[', 180) + "1" + new string(']', 180) + ") { key } }" },
        { "an object literal 180 deep", "{ poa(year: 2021, municipality: " + string.Concat(Enumerable.Repeat("{a:", 180)) + "1" + new string('}', 180) + ") { key } }" },
        { "fragments doubling 20 times", "{ poa(year: 2021) { ...F20 } } fragment F0 on Poa { key } " + string.Concat(Enumerable.Range(1, 20).Select(i => $"fragment F{i} on Poa {{ ...F{i - 1} ...F{i - 1} }} ")) },
        { "one name 11 times", "{ poa(year: 2021) { " + string.Concat(Enumerable.Repeat("compliance(upToMonth: 1) { ratio } ", 11)) + "} }" },
        { "600 aliases", "{ poa(year: 2021) { " + string.Concat(Enumerable.Range(0, 600).Select(i => $"k{i}: key ")) + "} }" },
    };

    [Theory]
    [MemberData(nameof(DocumentsBeyondTheLimits))]
    public async Task ADocumentBeyondTheLimitsIsRefusedAtOnceWith400AndACode(string what, string query)
    {
        var watch = Stopwatch.StartNew();
        var (status, body) = await PostAsync(query, GraphQLResponse);
        var (legacyStatus, legacyBody) = await PostAsync(query, "application/json");

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"{what}: {watch.Elapsed}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(PoaErrors.DocumentTooLarge, (string?)body["errors"]![0]!["extensions"]!["code"]);
        Assert.Null(body["data"]);
        Assert.Equal(HttpStatusCode.OK, legacyStatus);
        Assert.Equal(body["errors"]!.ToJsonString(), legacyBody["errors"]!.ToJsonString());
    }

    [Fact]
    public async Task TheAuditTrailIsChargedByItsPageSize()
    {
        string Aliases(int count) => "{ poa(year: 2021) { " + string.Concat(Enumerable.Range(0, count).Select(i => $"a{i}: audit(first: 500) {{ field }} ")) + "} }";

        var (fewStatus, few) = await PostAsync(Aliases(10), GraphQLResponse);
        var (manyStatus, many) = await PostAsync(Aliases(40), GraphQLResponse);

        Assert.Equal(HttpStatusCode.OK, fewStatus);
        Assert.Null(few["errors"]);
        Assert.Equal(HttpStatusCode.BadRequest, manyStatus);
        Assert.Equal("COMPLEXITY", (string?)many["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task ACachedDocumentIsChargedAgainWhenItsVariablesSetAPageSize()
    {
        // The same text each time: the first two requests keep the document (at the cost of one page each), the next
        // two take it, and its complexity depends on $n (forty pages sized by the variable, one fixed).
        var query = "query($n: Int!) { poa(year: 2021) { b: audit(first: 1) { field } " +
            string.Concat(Enumerable.Range(0, 40).Select(i => $"a{i}: audit(first: $n) {{ field }} ")) + "} }";

        var (smallStatus, small) = await PostAsync(query, GraphQLResponse, new JsonObject { ["n"] = 1 });
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(query, GraphQLResponse, new JsonObject { ["n"] = 1 })).Status);
        Assert.True(server.DocumentCache.Holds(query));
        var (largeStatus, large) = await PostAsync(query, GraphQLResponse, new JsonObject { ["n"] = 500 });
        var (againStatus, again) = await PostAsync(query, GraphQLResponse, new JsonObject { ["n"] = 2 });

        Assert.Equal(HttpStatusCode.OK, smallStatus);
        Assert.Null(small["errors"]);
        Assert.Equal(HttpStatusCode.BadRequest, largeStatus);
        Assert.Equal("COMPLEXITY", (string?)large["errors"]![0]!["extensions"]!["code"]);
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.Null(again["errors"]);
    }

    [Fact]
    public async Task ACachedDocumentIsChargedAgainWhenItsVariablesIncludeFields()
    {
        // Forty heavy pages behind @include(if: $all): left out the first two times (the document is kept at that cost),
        // asked for the third time, which must be counted again.
        var query = "query($all: Boolean!) { poa(year: 2021) { b: audit(first: 1) { field } " +
            string.Concat(Enumerable.Range(0, 40).Select(i => $"a{i}: audit(first: 500) @include(if: $all) {{ field }} ")) + "} }";

        var (fewStatus, few) = await PostAsync(query, GraphQLResponse, new JsonObject { ["all"] = false });
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(query, GraphQLResponse, new JsonObject { ["all"] = false })).Status);
        Assert.True(server.DocumentCache.Holds(query));
        var (allStatus, all) = await PostAsync(query, GraphQLResponse, new JsonObject { ["all"] = true });

        Assert.Equal(HttpStatusCode.OK, fewStatus);
        Assert.Null(few["errors"]);
        Assert.Equal(HttpStatusCode.BadRequest, allStatus);
        Assert.Equal("COMPLEXITY", (string?)all["errors"]![0]!["extensions"]!["code"]);
    }

    [Theory]
    [InlineData("query($n: Int) { poa(year: 2021) { audit(first: $n) { field } } }", true)]
    [InlineData("query($b: Boolean!) { poa(year: 2021) { audit(first: 500) @include(if: $b) { field } } }", true)]
    [InlineData("query($b: Boolean!) { poa(year: 2021) { ... on Poa @skip(if: $b) { year } } }", true)]
    [InlineData("query($b: Boolean!) { poa(year: 2021) { ...f @include(if: $b) } } fragment f on Poa { year }", true)]
    [InlineData("{ poa(year: 2021) { audit(first: 500) @include(if: true) { field } } }", false)]
    [InlineData("query($n: Int) { poa(year: 2021) { ...f } } fragment f on Poa { audit(first: $n) { field } }", true)]
    [InlineData("query($n: Int) { poa(year: 2021) { ... on Poa { audit(first: $n) { field } } } }", true)]
    [InlineData("query($y: Int!) { poa(year: $y) { audit(first: 20) { field } } }", false)]
    [InlineData("mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }", false)]
    [InlineData("{ poa(year: 2021) { year } }", false)]
    public void OnlyAPageSizeGivenAsAVariableMakesADocumentsComplexityVary(string query, bool varies) =>
        Assert.Equal(varies, PoaComplexity.DependsOnVariables(GraphQLParser.Parser.Parse(query)));

    [Fact]
    public async Task AnonymousReadersSeeEachChangeWithoutWhoMadeIt()
    {
        var poa = await TestMunicipality.CreateAsync(server);
        await poa.CreateActionAsync("obras", 1);
        var query = $$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { audit(first: 100) { command field user userDepartment newValue } } }""";

        var anonymous = (await server.Client().DataAsync(query))["poa"]!["audit"]!.AsArray();
        var signedIn = (await poa.Client(PoaRoles.Viewer, "cultura").DataAsync(query))["poa"]!["audit"]!.AsArray();
        var ofAnotherMunicipality = (await server.Client(PoaRoles.Viewer, "cultura").DataAsync(query))["poa"]!["audit"]!.AsArray();

        Assert.NotEmpty(anonymous);
        Assert.All(anonymous, e => Assert.Equal(("createAction", null, null), ((string?)e!["command"], (string?)e["user"], (string?)e["userDepartment"])));
        Assert.Contains(anonymous, e => (string?)e!["field"] == "action" && ((string?)e["newValue"])!.Split('\n').Contains("name: Acción de prueba"));
        Assert.All(signedIn, e => Assert.Equal("tester", (string?)e!["user"]));
        Assert.All(ofAnotherMunicipality, e => Assert.Null((string?)e!["user"]));
    }

    [Fact]
    public async Task MutationMetricsAreLabelledOnlyByTheSchemasFieldNames()
    {
        using var metrics = new MetricRecorder(server);
        var poa = await TestMunicipality.CreateAsync(server);
        var fake = "mutation { " + string.Concat(Enumerable.Range(0, 300).Select(i => $"fake_field_{i} ")) + "}";
        for (var i = 0; i < 8; i++)
            Assert.Equal("FIELDS_ON_CORRECT_TYPE", (string?)(await poa.Admin.ErrorAsync(fake))["extensions"]!["code"]);
        await poa.Admin.DataAsync($$"""
            mutation { renamed: createAction(input: { municipality: "{{poa.Municipality}}", year: 2021, department: "obras", number: 1, name: "Acción" }) { version } }
            """);

        // Other tests of this host run meanwhile: every kind recorded must be a mutation of the schema, none invented.
        var known = server.Services.GetRequiredService<PoaSchema>().Mutation!.Fields.Select(f => f.Name).ToHashSet();
        var kinds = metrics.TagValues("poa.mutations", "kind");
        Assert.Contains("createAction", kinds);
        Assert.DoesNotContain("renamed", kinds);
        Assert.DoesNotContain(kinds, k => k.StartsWith("fake_field", StringComparison.Ordinal));
        Assert.Subset(known, kinds.ToHashSet());
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string query, string accept, JsonObject? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(new JsonObject { ["query"] = query, ["variables"] = variables }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd(accept);
        using var http = server.CreateClient();
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(text), $"HTTP {(int)response.StatusCode} with an empty body");
        return (response.StatusCode, JsonNode.Parse(text)!);
    }
}
