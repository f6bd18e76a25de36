using System.Globalization;
using System.Text.Json.Nodes;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>The forecast (pronóstico) and the early warnings of issue 16, and the year-over-year comparison, over real
/// HTTP on the real host: the figures are the hand-computed case of the domain's ForecastTests.</summary>
[Collection(ServerCollection.Name)]
public sealed class ForecastAndComparisonTests(PoaServerFactory server)
{
    private const string Department = "obras-publicas";

    private const string ForecastFields =
        "basis monthsReported programmedToDate achievedToDate programmedLeft annualProgrammed runRate projectedAchieved projectedCompliance light investmentAtRisk actionsOnPlan";

    private static readonly string[] s_axes = ["Zacatecas Gobierno de Calidad"];
    private static readonly string[] s_budgetItems = ["3821"];

    private static decimal[] Each(decimal value) => [.. Enumerable.Repeat(value, 12)];

    /// <summary>An action with one activity of the given monthly targets, in a year of the test's municipality.</summary>
    private static async Task<long> CreateAsync(TestPoa poa, int year, string department, int number, decimal[] targets, decimal investment = 100_000m)
    {
        var data = await poa.Admin.DataAsync("""
            mutation($input: CreateActionInput!) { createAction(input: $input) { version } }
            """, new
        {
            input = new
            {
                municipality = poa.Municipality, year, department, number, name = $"Acción {number}", axes = s_axes,
                goal = "Meta", beneficiaries = new { men = 10, women = 12 }, investment, budgetItems = s_budgetItems,
                activities = new[]
                {
                    new { description = "Única", responsibleArea = "Área", unit = "Documentos", indicator = "Número", investment, monthlyTargets = targets },
                },
            },
        });
        return data["createAction"]!["version"]!.GetValue<long>();
    }

    private static async Task ReportAsync(TestPoa poa, int number, long version, params (int Month, decimal Achieved)[] months)
    {
        foreach (var (month, achieved) in months)
        {
            var result = await poa.ReportProgressAsync(poa.Admin, Department, number, version, 1, month, achieved);
            Assert.True(result["errors"] is null, result.ToJsonString());
        }
    }

    /// <summary>The three actions of the hand-computed case, with progress in ENE–MAR (and ABR for the first).</summary>
    private static async Task<TestPoa> HandComputedCaseAsync(PoaServerFactory server)
    {
        var poa = await TestPoa.CreateAsync(server);
        // A: 10 a month; achieved 8, 6, 10, and 50 in ABR. B: 20 a month from ABR; nothing achieved. C: 5 a month; 1, 1, 1.
        var a = await CreateAsync(poa, TestPoa.Year, Department, 1, Each(10));
        await CreateAsync(poa, TestPoa.Year, Department, 2, [0, 0, 0, 20, 20, 20, 20, 20, 20, 20, 20, 20]);
        var c = await CreateAsync(poa, TestPoa.Year, Department, 3, Each(5));
        await ReportAsync(poa, 1, a, (1, 8), (2, 6), (3, 10), (4, 50));
        await ReportAsync(poa, 3, c, (1, 1), (2, 1), (3, 1));
        return poa;
    }

    private static decimal Number(JsonNode? node) => node!.GetValue<decimal>();

    [Fact]
    public async Task ForecastOfActionsDepartmentAndCityMatchesTheHandComputedCase()
    {
        var poa = await HandComputedCaseAsync(server);
        var data = await poa.Admin.DataAsync($$"""
            query($m: String!, $y: Int!, $d: String!) { poa(municipality: $m, year: $y) {
              forecast(upToMonth: 3) { {{ForecastFields}} }
              department(slug: $d) {
                forecast(upToMonth: 3) { {{ForecastFields}} method(language: ES) assumptions(language: ES) }
                a: action(number: 1) { forecast(upToMonth: 3) { {{ForecastFields}} } }
                b: action(number: 2) { forecast(upToMonth: 3) { {{ForecastFields}} assumptions(language: ES) } }
                c: action(number: 3) { forecast(upToMonth: 3) { {{ForecastFields}} } }
              } } }
            """, new { m = poa.Municipality, y = TestPoa.Year, d = Department });
        var department = data["poa"]!["department"]!;

        // A: rate 24 / 30 = 0.8; projected 24 + 0.8 × 90 = 96 of 120 = 80 %: yellow; at risk 100,000 × 0.2.
        var a = department["a"]!["forecast"]!;
        Assert.Equal("RUN_RATE", (string?)a["basis"]);
        Assert.Equal(3, (int)a["monthsReported"]!);
        Assert.Equal(30m, Number(a["programmedToDate"]));
        Assert.Equal(24m, Number(a["achievedToDate"]));
        Assert.Equal(0.8m, Number(a["runRate"]));
        Assert.Equal(96m, Number(a["projectedAchieved"]));
        Assert.Equal(0.8m, Number(a["projectedCompliance"]));
        Assert.Equal("YELLOW", (string?)a["light"]);
        Assert.Equal(20_000m, Number(a["investmentAtRisk"]));
        // B: nothing due in ENE–MAR: the 180 left are taken as programmed: 100 %, green.
        var b = department["b"]!["forecast"]!;
        Assert.Equal("PLAN", (string?)b["basis"]);
        Assert.Null(b["runRate"]);
        Assert.Equal(180m, Number(b["projectedAchieved"]));
        Assert.Equal("GREEN", (string?)b["light"]);
        Assert.Contains(b["assumptions"]!.AsArray(), s => ((string?)s)!.Contains("se supone que lo programado", StringComparison.Ordinal));
        // C: rate 3 / 15 = 0.2; projected 3 + 0.2 × 45 = 12 of 60 = 20 %: red; at risk 80,000.
        var c = department["c"]!["forecast"]!;
        Assert.Equal(12m, Number(c["projectedAchieved"]));
        Assert.Equal(0.2m, Number(c["projectedCompliance"]));
        Assert.Equal("RED", (string?)c["light"]);
        Assert.Equal(80_000m, Number(c["investmentAtRisk"]));

        // The department (and the city, which has only it): 96 + 180 + 12 = 288 of 360 = 80 %, yellow; at risk 100,000.
        foreach (var total in new[] { department["forecast"]!, data["poa"]!["forecast"]! })
        {
            Assert.Equal(288m, Number(total["projectedAchieved"]));
            Assert.Equal(360m, Number(total["annualProgrammed"]));
            Assert.Equal(0.8m, Number(total["projectedCompliance"]));
            Assert.Equal("YELLOW", (string?)total["light"]);
            Assert.Equal(100_000m, Number(total["investmentAtRisk"]));
            Assert.Equal(1, (int)total["actionsOnPlan"]!);
        }
        Assert.StartsWith("Ritmo de avance", (string?)department["forecast"]!["method"]);
        Assert.Contains(department["forecast"]!["assumptions"]!.AsArray(), s => (string?)s == "Meses reportados: ENE–MAR (3); sus avances se toman como definitivos.");
    }

    [Fact]
    public async Task EarlyWarningsListTheActionsProjectedRedByInvestmentAtRisk()
    {
        var poa = await HandComputedCaseAsync(server);
        // D: 10 a month, 2 in each of ENE–MAR: rate 0.2 as C, but $500,000: 400,000 at risk, listed before C.
        var d = await CreateAsync(poa, TestPoa.Year, Department, 4, Each(10), investment: 500_000m);
        await ReportAsync(poa, 4, d, (1, 2), (2, 2), (3, 2));
        // Another department: its red action is in the city's list, not in this department's.
        var e = await CreateAsync(poa, TestPoa.Year, "tesoreria", 1, Each(10), investment: 200_000m);
        var result = await poa.ReportProgressAsync(poa.Admin, "tesoreria", 1, e, 1, 1, 1);
        Assert.True(result["errors"] is null, result.ToJsonString());

        const string Page = "totalCount pageInfo { hasNextPage endCursor } nodes { action { department number } investmentAtRisk forecast { light projectedCompliance } }";
        var data = await poa.Admin.DataAsync($$"""
            query($m: String!, $y: Int!, $d: String!) { poa(municipality: $m, year: $y) {
              earlyWarnings(upToMonth: 3, first: 2) { {{Page}} }
              department(slug: $d) { earlyWarnings(upToMonth: 3) { {{Page}} } } } }
            """, new { m = poa.Municipality, y = TestPoa.Year, d = Department });

        var ofDepartment = data["poa"]!["department"]!["earlyWarnings"]!;
        Assert.Equal(2, (int)ofDepartment["totalCount"]!);
        Assert.Equal([4, 3], ofDepartment["nodes"]!.AsArray().Select(n => (int)n!["action"]!["number"]!));
        Assert.Equal([400_000m, 80_000m], ofDepartment["nodes"]!.AsArray().Select(n => Number(n!["investmentAtRisk"])));
        Assert.All(ofDepartment["nodes"]!.AsArray(), n => Assert.Equal("RED", (string?)n!["forecast"]!["light"]));

        // The city: tesorería's action, 1 of 30 to date (3.33 %), risks 200,000 × (1 − 1/30) = 193,333.33: second of three.
        var ofCity = data["poa"]!["earlyWarnings"]!;
        Assert.Equal(3, (int)ofCity["totalCount"]!);
        Assert.True((bool)ofCity["pageInfo"]!["hasNextPage"]!);
        Assert.Equal(["obras-publicas/4", "tesoreria/1"], ofCity["nodes"]!.AsArray().Select(n => $"{n!["action"]!["department"]}/{n["action"]!["number"]}"));
        Assert.Equal(193_333.33m, Number(ofCity["nodes"]![1]!["investmentAtRisk"]));
        var next = await poa.Admin.DataAsync($$"""
            query($m: String!, $y: Int!, $after: String) { poa(municipality: $m, year: $y) { earlyWarnings(upToMonth: 3, first: 2, after: $after) { {{Page}} } } }
            """, new { m = poa.Municipality, y = TestPoa.Year, after = (string?)ofCity["pageInfo"]!["endCursor"] });
        Assert.Equal([3], next["poa"]!["earlyWarnings"]!["nodes"]!.AsArray().Select(n => (int)n!["action"]!["number"]!));
    }

    [Fact]
    public async Task TheMonthsReportedAreTheMonthsWhoseCutOffPassed()
    {
        var poa = await HandComputedCaseAsync(server);
        const string Query = """
            query($m: String!, $y: Int!) { poa(municipality: $m, year: $y) { forecast { basis monthsReported projectedCompliance light assumptions(language: ES) } } }
            """;
        // Every month open (the tests' calendar): nothing has closed, so there is no projection, and it says why.
        var open = (await poa.Admin.DataAsync(Query, new { m = poa.Municipality, y = TestPoa.Year }))["poa"]!["forecast"]!;
        Assert.Equal("NO_MONTHS_REPORTED", (string?)open["basis"]);
        Assert.Null(open["projectedCompliance"]);
        Assert.Equal("NONE", (string?)open["light"]);
        Assert.Equal("Sin proyección: ningún mes ha cerrado todavía (ninguna fecha de corte ha pasado).", (string?)open["assumptions"]![0]);

        // A planner closes ENE–MAR (their cut-offs in 2021): the forecast counts those three months, as upToMonth: 3 did.
        var ahead = TestCalendar.OpenCutOffs()[0];
        await poa.SetCalendarAsync(TestPoa.Year, [new DateOnly(2021, 2, 10), new DateOnly(2021, 3, 10), new DateOnly(2021, 4, 12), .. Enumerable.Repeat(ahead, 9)], expectedVersion: 1);
        var closed = (await poa.Admin.DataAsync(Query, new { m = poa.Municipality, y = TestPoa.Year }))["poa"]!["forecast"]!;
        Assert.Equal("RUN_RATE", (string?)closed["basis"]);
        Assert.Equal(3, (int)closed["monthsReported"]!);
        Assert.Equal(0.8m, Number(closed["projectedCompliance"]));
    }

    [Fact]
    public async Task CompareMatchesDepartmentsBySlugAndActionsByNumberAndListsWhatOneYearLacks()
    {
        var poa = await TestPoa.CreateAsync(server, 2020, 2021);
        // The seed in both years (its year rewritten for 2020); then 2021 gains tesorería, 2020 had action 50 and the
        // archivo municipal besides.
        foreach (var year in new[] { 2020, 2021 })
        {
            var text = Samples.SeedText.Replace("PROGRAMA OPERATIVO ANUAL 2021", $"PROGRAMA OPERATIVO ANUAL {year}", StringComparison.Ordinal);
            await poa.Admin.DataAsync("mutation($m: String!, $d: String!) { importPoa(municipality: $m, document: $d) { totals { actions } } }",
                new { m = poa.Municipality, d = text });
        }
        await CreateAsync(poa, 2021, "tesoreria", 1, Each(10), investment: 1_000m);
        await CreateAsync(poa, 2020, "secretaria-particular", 50, Each(10), investment: 2_000m);
        await CreateAsync(poa, 2020, "archivo-municipal", 1, Each(10), investment: 3_000m);

        var data = await poa.Admin.DataAsync("""
            query($m: String!) {
              p2021: poa(municipality: $m, year: 2021) { totals { investment actions activities declaredBeneficiaries { men women } } compliance(upToMonth: 12) { ratio light } }
              p2020: poa(municipality: $m, year: 2020) { totals { investment actions activities declaredBeneficiaries { men women } } compliance(upToMonth: 12) { ratio light } }
              compare(municipality: $m, year: 2021, with: 2020, upToMonth: 12) {
                year with upToMonth
                totals {
                  investment { year with difference change } actions { year with difference } activities { year with difference }
                  declaredBeneficiaries { men { year with difference } women { year with difference } }
                  compliance { year { ratio light } with { ratio light } difference }
                }
                new: departments(presence: ONLY_IN_YEAR) { slug name presence totals { investment { year with difference } } }
                gone: departments(presence: ONLY_IN_WITH) { slug presence totals { investment { year with difference } } }
                all: departments { slug presence }
                department(slug: "secretaria-particular") {
                  presence
                  totals { actions { year with difference } investment { difference } }
                  both: actions(presence: BOTH) { totalCount }
                  gone: actions(presence: ONLY_IN_WITH) { totalCount nodes { number name presence totals { investment { year with difference } activities { year with } } } }
                  new: actions(presence: ONLY_IN_YEAR) { totalCount }
                }
              } }
            """, new { m = poa.Municipality });
        var compare = data["compare"]!;
        var totals = compare["totals"]!;
        Assert.Equal(2021, (int)compare["year"]!);
        Assert.Equal(2020, (int)compare["with"]!);

        // Each side is what the POA of its year says; the differences are what was added and removed: +1,000 − 5,000.
        Assert.Equal(Number(data["p2021"]!["totals"]!["investment"]), Number(totals["investment"]!["year"]));
        Assert.Equal(Number(data["p2020"]!["totals"]!["investment"]), Number(totals["investment"]!["with"]));
        Assert.Equal(-4_000m, Number(totals["investment"]!["difference"]));
        Assert.Equal(-4_000m / Number(totals["investment"]!["with"]), Number(totals["investment"]!["change"]));
        Assert.Equal(10m, Number(totals["actions"]!["year"]));
        Assert.Equal(11m, Number(totals["actions"]!["with"]));
        Assert.Equal(-1m, Number(totals["actions"]!["difference"]));
        Assert.Equal((int)data["p2021"]!["totals"]!["activities"]!, (int)Number(totals["activities"]!["year"]));
        Assert.Equal(-1m, Number(totals["activities"]!["difference"]));
        Assert.Equal(-10m, Number(totals["declaredBeneficiaries"]!["men"]!["difference"]));
        Assert.Equal(-12m, Number(totals["declaredBeneficiaries"]!["women"]!["difference"]));
        Assert.Equal((long)data["p2021"]!["totals"]!["declaredBeneficiaries"]!["women"]!, (long)Number(totals["declaredBeneficiaries"]!["women"]!["year"]));
        Assert.Equal(data["p2021"]!["compliance"]!.ToJsonString(), totals["compliance"]!["year"]!.ToJsonString());
        Assert.Equal(data["p2020"]!["compliance"]!.ToJsonString(), totals["compliance"]!["with"]!.ToJsonString());

        // Departments by slug: tesorería is new, the archivo municipal is gone, the Secretaría Particular is in both.
        Assert.Equal(["tesoreria"], compare["new"]!.AsArray().Select(d => (string?)d!["slug"]));
        Assert.Equal(1_000m, Number(compare["new"]![0]!["totals"]!["investment"]!["year"]));
        Assert.Equal(0m, Number(compare["new"]![0]!["totals"]!["investment"]!["with"]));
        Assert.Equal(["archivo-municipal"], compare["gone"]!.AsArray().Select(d => (string?)d!["slug"]));
        Assert.Equal(-3_000m, Number(compare["gone"]![0]!["totals"]!["investment"]!["difference"]));
        Assert.Equal(3, compare["all"]!.AsArray().Count);

        // Actions by number within the department: the seed's nine in both years, action 50 only in 2020.
        var department = compare["department"]!;
        Assert.Equal("BOTH", (string?)department["presence"]);
        Assert.Equal(-1m, Number(department["totals"]!["actions"]!["difference"]));
        Assert.Equal(-2_000m, Number(department["totals"]!["investment"]!["difference"]));
        Assert.Equal(9, (int)department["both"]!["totalCount"]!);
        Assert.Equal(0, (int)department["new"]!["totalCount"]!);
        var gone = department["gone"]!["nodes"]![0]!;
        Assert.Equal(50, (int)gone["number"]!);
        Assert.Equal("ONLY_IN_WITH", (string?)gone["presence"]);
        Assert.Equal(-2_000m, Number(gone["totals"]!["investment"]!["difference"]));
        Assert.Equal(1m, Number(gone["totals"]!["activities"]!["with"]));
    }

    [Fact]
    public async Task CompareWithAYearTheMunicipalityDoesNotServeIsNotFound()
    {
        var poa = await TestPoa.CreateAsync(server);
        var error = await poa.Admin.ErrorAsync("query($m: String!) { compare(municipality: $m, year: 2021, with: 2019) { year } }", new { m = poa.Municipality });
        Assert.Equal("NOT_FOUND", (string?)error["extensions"]!["code"]);
    }

    /// <summary>The README's forecast and comparison examples (GET with the query URL-encoded, as curl -G sends them)
    /// run without errors against the default municipality, whose 2021 and 2022 the test host opens.</summary>
    [Fact]
    public async Task TheReadmesForecastAndComparisonExamplesRun()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var section = readme[readme.IndexOf("### Forecast (pronóstico)", StringComparison.Ordinal)..readme.IndexOf("### Excel and text files", StringComparison.Ordinal)];
        var queries = System.Text.RegularExpressions.Regex.Matches(section, "--data-urlencode 'query=(?<q>[^']+)'").Select(m => m.Groups["q"].Value).ToList();
        Assert.Equal(2, queries.Count);
        using var client = server.Client(PoaPlatform.Auth.PoaRoles.Viewer, "");
        foreach (var query in queries)
        {
            using var response = await client.Http.GetAsync(new Uri("/graphql?query=" + Uri.EscapeDataString(query), UriKind.Relative));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            var result = JsonNode.Parse(text)!;
            Assert.True(result["errors"] is null, $"{query}\n{text}");
            Assert.NotNull(result["data"]);
        }
    }
}
