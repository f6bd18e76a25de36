using System.Text.Json.Nodes;

namespace PoaPlatform.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class QueryTests(PoaServerFactory server)
{
    [Fact]
    public async Task AYearNobodyImportedReadsAsZeroWithTwelveMonths()
    {
        var poa = await TestPoa.CreateAsync(server);
        var data = await server.Client().DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) {
                key totals { investment actions activities findings declaredBeneficiaries { men women } }
                monthly { month name programmed } compliance { light upToMonth } departments { totalCount } } }
            """);
        var city = data["poa"]!;
        Assert.Equal(poa.Key, (string?)city["key"]);
        Assert.Equal(0m, (decimal)city["totals"]!["investment"]!);
        Assert.Equal(12, city["monthly"]!.AsArray().Count);
        Assert.Equal("ENE", (string?)city["monthly"]![0]!["name"]);
        Assert.Equal("DIC", (string?)city["monthly"]![11]!["name"]);
        Assert.Equal("NONE", (string?)city["compliance"]!["light"]);
        Assert.Equal(12, (int)city["compliance"]!["upToMonth"]!);
    }

    [Fact]
    public async Task CityTotalsBreakdownsAndComplianceFollowTheActionsOfEveryDepartment()
    {
        var poa = await TestPoa.CreateAsync(server);
        var first = await poa.CreateActionAsync("secretaria-particular", 1, 1000m, axes: ["Eje A"], budgetItems: ["3821", "2211"]);
        await poa.CreateActionAsync("secretaria-particular", 2, 500m, axes: ["Eje B"], budgetItems: ["3821"]);
        await poa.CreateActionAsync("tesoreria", 1, 250m, axes: ["Eje A"], budgetItems: ["5151"]);
        // January: activity 1 programmed 10 + activity 2 programmed 5 = 15 per action; achieve all of action 1's.
        var ids = first["activities"]!.AsArray().Select(a => (int)a!["id"]!).ToArray();
        var version = (long)first["version"]!;
        var result = await poa.ReportProgressAsync(poa.Admin, "secretaria-particular", 1, version, ids[0], 1, 10, 100);
        version = (long)result["data"]!["reportProgress"]!["version"]!;
        await poa.ReportProgressAsync(poa.Admin, "secretaria-particular", 1, version, ids[1], 1, 5, 50);

        var city = (await server.Client().DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) {
                totals { investment actions activities declaredBeneficiaries { men women total } largestCoverage { total } }
                monthly { month programmed achieved spent }
                compliance(upToMonth: 1) { programmed achieved ratio light upToMonth }
                byAxis { axis actions investment }
                byChapter { chapter name actions investment }
                departments { totalCount edges { node { slug totals { investment actions } compliance(upToMonth: 1) { ratio light } } } } } }
            """))["poa"]!;

        Assert.Equal(1750m, (decimal)city["totals"]!["investment"]!);
        Assert.Equal(3, (int)city["totals"]!["actions"]!);
        Assert.Equal(6, (int)city["totals"]!["activities"]!);
        Assert.Equal(30, (long)city["totals"]!["declaredBeneficiaries"]!["men"]!);
        Assert.Equal(22, (long)city["totals"]!["largestCoverage"]!["total"]!);
        var january = city["monthly"]![0]!;
        Assert.Equal(45m, (decimal)january["programmed"]!);
        Assert.Equal(15m, (decimal)january["achieved"]!);
        Assert.Equal(150m, (decimal)january["spent"]!);
        Assert.Equal("RED", (string?)city["compliance"]!["light"]);
        Assert.Equal(15m / 45m, (decimal)city["compliance"]!["ratio"]!, 6);

        var axes = city["byAxis"]!.AsArray().ToDictionary(a => (string)a!["axis"]!, a => (decimal)a!["investment"]!);
        Assert.Equal(1250m, axes["Eje A"]);
        Assert.Equal(500m, axes["Eje B"]);
        var chapters = city["byChapter"]!.AsArray().ToDictionary(c => (int)c!["chapter"]!, c => c!);
        Assert.Equal("Servicios Generales", (string?)chapters[3000]["name"]);
        Assert.Equal(2, (int)chapters[3000]["actions"]!);
        Assert.Equal(1750m, chapters.Values.Sum(c => (decimal)c["investment"]!));

        var departments = city["departments"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToDictionary(d => (string)d["slug"]!);
        Assert.Equal(2, (int)city["departments"]!["totalCount"]!);
        Assert.Equal(1500m, (decimal)departments["secretaria-particular"]["totals"]!["investment"]!);
        Assert.Equal(0.5m, (decimal)departments["secretaria-particular"]["compliance"]!["ratio"]!);
        Assert.Equal("RED", (string?)departments["tesoreria"]["compliance"]!["light"]);
    }

    [Fact]
    public async Task DepartmentsArePagedWithCursorsThatContinueWhereThePageEnded()
    {
        var poa = await TestPoa.CreateAsync(server);
        foreach (var department in new[] { "alfa", "beta", "gamma" })
            await poa.CreateActionAsync(department, 1);
        var query = $$"""
            query($after: String) { poa(municipality: "{{poa.Municipality}}", year: 2021) {
              departments(first: 2, after: $after) { totalCount edges { cursor node { slug } } pageInfo { hasNextPage endCursor } } } }
            """;
        var page1 = (await server.Client().DataAsync(query))["poa"]!["departments"]!;
        Assert.Equal(3, (int)page1["totalCount"]!);
        Assert.Equal(["alfa", "beta"], page1["edges"]!.AsArray().Select(e => (string)e!["node"]!["slug"]!));
        Assert.True((bool)page1["pageInfo"]!["hasNextPage"]!);

        var page2 = (await server.Client().DataAsync(query, new { after = (string?)page1["pageInfo"]!["endCursor"] }))["poa"]!["departments"]!;
        Assert.Equal(["gamma"], page2["edges"]!.AsArray().Select(e => (string)e!["node"]!["slug"]!));
        Assert.False((bool)page2["pageInfo"]!["hasNextPage"]!);

        var error = await server.Client().ErrorAsync(query, new { after = "bm90LWEtZGVwYXJ0bWVudA==" });
        Assert.Equal("BAD_CURSOR", (string?)error["extensions"]!["code"]);
    }

    [Fact]
    public async Task ActionsAcrossDepartmentsFilterByAxisAndChapterAndSortByInvestment()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync("obras", 1, 900m, axes: ["Eje A"], budgetItems: ["6141"]);
        await poa.CreateActionAsync("obras", 2, 100m, axes: ["Eje B"], budgetItems: ["3821"]);
        await poa.CreateActionAsync("cultura", 7, 500m, axes: ["Eje A", "Eje B"], budgetItems: ["3821"]);
        var client = server.Client();
        async Task<string[]> Keys(string arguments) =>
            (await client.DataAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { actions({{arguments}}) { totalCount nodes { department number } } } }"""))
                ["poa"]!["actions"]!["nodes"]!.AsArray().Select(n => $"{n!["department"]}/{n["number"]}").ToArray();

        Assert.Equal(["cultura/7", "obras/1", "obras/2"], await Keys("first: 10"));
        Assert.Equal(["cultura/7", "obras/1"], await Keys("axis: \"eje a\""));
        Assert.Equal(["cultura/7", "obras/2"], await Keys("chapter: 3000"));
        Assert.Equal(["obras/1", "cultura/7", "obras/2"], await Keys("sort: INVESTMENT, descending: true"));
        Assert.Equal(["obras/1", "obras/2"], await Keys("department: \"obras\""));
    }

    [Fact]
    public async Task ADepartmentShowsItsActionsWithActivitiesProgressAndFieldVersions()
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync("secretaria-particular", 3, 300m, budgetItems: ["3821"]);
        var activity = (int)action["activities"]![0]!["id"]!;
        await poa.ReportProgressAsync(poa.Admin, "secretaria-particular", 3, (long)action["version"]!, activity, 2, 7, 70);

        var department = (await server.Client().DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "Secretaría Particular") {
                name slug totals { actions } monthly { achieved } findings { code }
                actions(sort: NUMBER, first: 3) { nodes { key number name goal beneficiaries { men women } investment version
                  budgetItems { code chapter chapterName } fieldVersions { path kind activityId month version }
                  activities { id description annualTarget monthlyTargets progress { month achieved spent version } compliance(upToMonth: 2) { light } }
                  compliance(upToMonth: 2) { programmed achieved } trafficLight(upToMonth: 2) findings { code } audit { command field version } } } } } }
            """))["poa"]!["department"]!;
        Assert.Equal("secretaria-particular", (string?)department["slug"]);
        Assert.Equal(7m, (decimal)department["monthly"]![1]!["achieved"]!);
        var node = department["actions"]!["nodes"]![0]!;
        Assert.Equal($"{poa.Key}/secretaria-particular/3", (string?)node["key"]);
        Assert.Equal("Meta", (string?)node["goal"]);
        Assert.Equal(12, (int)node["beneficiaries"]!["women"]!);
        Assert.Equal(3000, (int)node["budgetItems"]![0]!["chapter"]!);
        Assert.Equal("Servicios Generales", (string?)node["budgetItems"]![0]!["chapterName"]);
        Assert.Equal(2, (long)node["version"]!);
        var versions = node["fieldVersions"]!.AsArray();
        var progressVersion = Assert.Single(versions, v => (string?)v!["kind"] == "PROGRESS")!;
        Assert.Equal(($"activity/{activity}/progress/2", activity, 2, 2L),
            ((string?)progressVersion["path"], (int)progressVersion["activityId"]!, (int)progressVersion["month"]!, (long)progressVersion["version"]!));
        var name = Assert.Single(versions, v => (string?)v!["path"] == "name")!;
        Assert.Equal(("NAME", 1L), ((string?)name["kind"], (long)name["version"]!));
        Assert.Null(name["activityId"]);
        var first = node["activities"]![0]!;
        Assert.Equal(120m, (decimal)first["annualTarget"]!);
        Assert.Equal(12, first["monthlyTargets"]!.AsArray().Count);
        Assert.Equal(7m, (decimal)first["progress"]![0]!["achieved"]!);
        Assert.Equal(2, (int)first["progress"]![0]!["month"]!);
        Assert.Equal(2L, (long)first["progress"]![0]!["version"]!);
        Assert.Equal(30m, (decimal)node["compliance"]!["programmed"]!);
        Assert.Equal(7m, (decimal)node["compliance"]!["achieved"]!);
        Assert.Equal("RED", (string?)node["trafficLight"]);
        Assert.Contains(node["audit"]!.AsArray(), e => (long)e!["version"]! == 2);
    }

    [Fact]
    public async Task AListOfActionsReadsEachActionGrainOnceHoweverManyFieldsNeedIt()
    {
        var poa = await TestPoa.CreateAsync(server);
        for (var number = 1; number <= 5; number++)
            await poa.CreateActionAsync("hacienda", number);
        var before = server.GrainCalls.Count(poa.Key + "/", "IActionGrain.GetAsync");

        var data = await server.Client().DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) {
                actions { nodes { goal objective version beneficiaries { men } fieldVersions { path } activities { id } } }
                department(slug: "hacienda") { actions { nodes { goal version } } } } }
            """);

        Assert.Equal(5, data["poa"]!["actions"]!["nodes"]!.AsArray().Count);
        Assert.Equal(5, server.GrainCalls.Count(poa.Key + "/", "IActionGrain.GetAsync") - before);
    }

    [Fact]
    public async Task AnUnknownDepartmentReadsAsNull()
    {
        var poa = await TestPoa.CreateAsync(server);
        var data = await server.Client().DataAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "nadie") { name } } }""");
        Assert.Null(data["poa"]!["department"]);
    }
}
