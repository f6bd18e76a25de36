using System.Text.Json;
using System.Text.Json.Nodes;
using PoaPlatform.Auth;
using PoaPlatform.Domain.Model;

namespace PoaPlatform.Server.Tests;

/// <summary>Indicator sheets, funding sources and the moments of expenditure over GraphQL and the exports: edited like
/// the programming (locked once approved), judged in their direction and at their periods, rolled up by moment and by
/// source.</summary>
[Collection(ServerCollection.Name)]
public sealed class IndicatorAndBudgetTests(PoaServerFactory server)
{
    private const string Department = "obras-publicas";
    private const string Sheet = "level definition method numerator denominator unit frequency type dimension direction baselineValue baselineYear meansOfVerification assumptions missing";
    private const string Moments = "approved modified committed accrued exercised paid";

    private static object FullSheet(string direction, string frequency) => new
    {
        level = "COMPONENTE", definition = "Quejas ciudadanas por mes", method = "A", numerator = "Quejas", denominator = "Uno", unit = "Quejas",
        frequency, type = "GESTION", dimension = "CALIDAD", direction, baselineValue = 120m, baselineYear = 2020,
        meansOfVerification = "Registro de quejas", assumptions = "La ciudadanía reporta",
    };

    private static async Task<JsonNode> UpdateActivityAsync(GraphQLClient client, TestPoa poa, long version, int activityId, object? sheet = null,
        string? fundingSource = null) =>
        await client.SendAsync("mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { version } }", new
        {
            input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, number = 1, expectedVersion = version, activityId, indicatorSheet = sheet, fundingSource },
        });

    private static async Task<JsonNode> ReportAsync(GraphQLClient client, TestPoa poa, long version, int activityId, int month, object moments) =>
        await client.SendAsync("mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }", new
        {
            input = MergeInto(new JsonObject
            {
                ["municipality"] = poa.Municipality, ["year"] = TestPoa.Year, ["department"] = Department, ["number"] = 1,
                ["expectedVersion"] = version, ["activityId"] = activityId, ["month"] = month, ["note"] = "Avance",
            }, moments),
        });

    private static JsonObject MergeInto(JsonObject target, object values)
    {
        foreach (var (name, value) in JsonSerializer.SerializeToNode(values)!.AsObject())
            target[name] = value?.DeepClone();
        return target;
    }

    private static long Version(JsonNode answer, string mutation) =>
        answer["errors"] is null ? (long)answer["data"]![mutation]!["version"]! : throw new Xunit.Sdk.XunitException(answer.ToJsonString());

    [Fact]
    public async Task AnIndicatorSheetIsEditedReadAndJudgedInItsDirectionAndAtItsQuartersAndLockedOnceApproved()
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync(Department, 1);
        var (first, second) = ((int)action["activities"]![0]!["id"]!, (int)action["activities"]![1]!["id"]!);
        var version = (long)action["version"]!;
        var editor = poa.Client(PoaRoles.Editor, Department);

        // Activity 1 (10 a month) counts complaints: descending, monthly. Activity 2 (5 a month) is measured quarterly.
        version = Version(await UpdateActivityAsync(editor, poa, version, first, FullSheet("DESCENDENTE", "MENSUAL")), "updateActivity");
        version = Version(await UpdateActivityAsync(editor, poa, version, second, FullSheet("ASCENDENTE", "TRIMESTRAL")), "updateActivity");
        version = Version(await editor.SendAsync("mutation($input: UpdateActionInput!) { updateAction(input: $input) { version } }", new
        {
            input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, number = 1, expectedVersion = version,
                indicator = "Quejas atendidas", indicatorSheet = FullSheet("ASCENDENTE", "MENSUAL") },
        }), "updateAction");
        // January and February: 8 complaints each (programmed 10: less is better), 0 then 15 of the quarterly one.
        foreach (var (activity, month, achieved) in new[] { (first, 1, 8m), (first, 2, 8m), (second, 1, 0m), (second, 2, 15m) })
            version = Version(await ReportAsync(editor, poa, version, activity, month, new { achieved, exercised = 0m }), "reportProgress");

        var read = (await editor.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "{{Department}}") { action(number: 1) {
                indicator indicatorSheet { {{Sheet}} }
                activities { id indicatorSheet { {{Sheet}} }
                  feb: compliance(upToMonth: 2) { upToMonth judgedAtMonth programmed achieved ratio light }
                  mar: compliance(upToMonth: 3) { judgedAtMonth programmed achieved ratio light } }
                findings { code severity } } } } }
            """))["poa"]!["department"]!["action"]!;

        Assert.Equal("Quejas atendidas", (string?)read["indicator"]);
        var sheet = read["activities"]![0]!["indicatorSheet"]!;
        Assert.Equal(("COMPONENTE", "DESCENDENTE", "MENSUAL", "GESTION", "CALIDAD"),
            ((string?)sheet["level"], (string?)sheet["direction"], (string?)sheet["frequency"], (string?)sheet["type"], (string?)sheet["dimension"]));
        Assert.Equal((120m, 2020), ((decimal)sheet["baselineValue"]!, (int)sheet["baselineYear"]!));
        Assert.Empty(sheet["missing"]!.AsArray());
        Assert.DoesNotContain(read["findings"]!.AsArray(), f => (string?)f!["code"] == "INDICATOR_INCOMPLETE");
        // Descending: 16 of 20 programmed → 2 − 0.8 = 1.2, yellow (above the green band, as an ascending 120% is).
        var descending = read["activities"]![0]!["feb"]!;
        Assert.Equal((2, 20m, 16m, 1.2m, "YELLOW"), ((int)descending["judgedAtMonth"]!, (decimal)descending["programmed"]!,
            (decimal)descending["achieved"]!, (decimal)descending["ratio"]!, (string?)descending["light"]));
        // Quarterly: in February no quarter has ended (no light); in March it is judged at March: 15 of 15.
        var quarterly = read["activities"]![1]!;
        Assert.Equal((2, (string?)"NONE"), ((int)quarterly["feb"]!["judgedAtMonth"]!, (string?)quarterly["feb"]!["light"]));
        Assert.Null(quarterly["feb"]!["ratio"]);
        Assert.Equal((3, 15m, 15m, 1m, "GREEN"), ((int)quarterly["mar"]!["judgedAtMonth"]!, (decimal)quarterly["mar"]!["programmed"]!,
            (decimal)quarterly["mar"]!["achieved"]!, (decimal)quarterly["mar"]!["ratio"]!, (string?)quarterly["mar"]!["light"]));

        // A sheet left incomplete is an info finding naming what it lacks; it is not counted as a problem.
        version = Version(await UpdateActivityAsync(editor, poa, version, second, new { direction = "ASCENDENTE" }), "updateActivity");
        var incomplete = (await editor.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "{{Department}}") { totals { findings }
                action(number: 1) { findings { code severity message(language: ES) } activities { indicatorSheet { missing } } } } } }
            """))["poa"]!["department"]!;
        var info = Assert.Single(incomplete["action"]!["findings"]!.AsArray(), f => (string?)f!["code"] == "INDICATOR_INCOMPLETE")!;
        Assert.Equal("INFO", (string?)info["severity"]);
        Assert.Contains("a la ficha de la actividad 2 le falta: nivel de la MIR", (string?)info["message"], StringComparison.Ordinal);
        Assert.Equal(0, (int)incomplete["totals"]!["findings"]!);
        Assert.Contains("level", incomplete["action"]!["activities"]![1]!["indicatorSheet"]!["missing"]!.AsArray().Select(m => (string?)m));

        // Approved programming is locked: the sheet and the funding source change only through a modification request.
        var cycle = 0L;
        foreach (var transition in new[] { "submitPoa", "approvePoa" })
        {
            cycle = (long)(await poa.Admin.DataAsync($$"""mutation($input: CycleInput!) { {{transition}}(input: $input) { version } }""",
                new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, expectedVersion = cycle } }))[transition]!["version"]!;
        }
        var locked = await UpdateActivityAsync(editor, poa, version, second, FullSheet("DESCENDENTE", "ANUAL"));
        Assert.Equal("LOCKED", (string?)locked["errors"]![0]!["extensions"]!["code"]);
        var lockedSource = await UpdateActivityAsync(editor, poa, version, second, fundingSource: "fism-df");
        Assert.Equal("LOCKED", (string?)lockedSource["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task MomentsOfExpenditureAndFundingSourcesRollUpToTheDepartmentAndTheCityAndContradictionsAreFindings()
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync(Department, 1, investment: 1000m);
        var (first, second) = ((int)action["activities"]![0]!["id"]!, (int)action["activities"]![1]!["id"]!);
        var version = (long)action["version"]!;
        var editor = poa.Client(PoaRoles.Editor, Department);

        var catalogue = (await editor.DataAsync("{ fundingSources { key name } }"))["fundingSources"]!.AsArray();
        Assert.Equal(["recursos-propios", "participaciones", "fism-df", "fortamun-df", "convenios", "otros"], catalogue.Select(s => (string?)s!["key"]));
        var unknown = await UpdateActivityAsync(editor, poa, version, first, fundingSource: "lotería");
        Assert.Equal(("VALIDATION", "fundingSource"), ((string?)unknown["errors"]![0]!["extensions"]!["code"], (string?)unknown["errors"]![0]!["extensions"]!["field"]));
        Assert.Contains("recursos-propios, participaciones, fism-df", (string?)unknown["errors"]![0]!["message"], StringComparison.Ordinal);
        // A key or the catalogue's name is accepted and stored as the key.
        version = Version(await UpdateActivityAsync(editor, poa, version, first, fundingSource: "FISM-DF"), "updateActivity");
        version = Version(await UpdateActivityAsync(editor, poa, version, second, fundingSource: "Recursos propios"), "updateActivity");

        version = Version(await ReportAsync(editor, poa, version, first, 1,
            new { achieved = 10m, approved = 500m, modified = 500m, committed = 400m, accrued = 300m, exercised = 250m, paid = 200m }), "reportProgress");
        version = Version(await ReportAsync(editor, poa, version, first, 2,
            new { achieved = 10m, committed = 100m, accrued = 100m, exercised = 100m, paid = 100m }), "reportProgress");
        // The old name of exercised still works; given both, they must agree.
        version = Version(await ReportAsync(editor, poa, version, second, 1, new { achieved = 5m, spent = 75m }), "reportProgress");
        var both = await ReportAsync(editor, poa, version, second, 2, new { achieved = 5m, spent = 75m, exercised = 80m });
        Assert.Equal(("VALIDATION", "exercised"), ((string?)both["errors"]![0]!["extensions"]!["code"], (string?)both["errors"]![0]!["extensions"]!["field"]));

        var read = (await editor.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) {
                totals { moments { {{Moments}} } jan: moments(upToMonth: 1) { exercised } }
                bySource { source name actions investment moments { {{Moments}} } }
                monthly { month exercised spent moments { paid } }
                department(slug: "{{Department}}") {
                  totals { moments { {{Moments}} } }
                  bySource { source investment moments { exercised } }
                  action(number: 1) { findings { code severity expected actual }
                    activities { id fundingSource progress { month exercised spent moments { {{Moments}} } } } } } } }
            """))["poa"]!;

        var totals = read["totals"]!["moments"]!;
        Assert.Equal((500m, 500m, 500m, 400m, 425m, 300m), ((decimal)totals["approved"]!, (decimal)totals["modified"]!, (decimal)totals["committed"]!,
            (decimal)totals["accrued"]!, (decimal)totals["exercised"]!, (decimal)totals["paid"]!));
        Assert.Equal(325m, (decimal)read["totals"]!["jan"]!["exercised"]!);
        Assert.Equal(totals.ToJsonString(), read["department"]!["totals"]!["moments"]!.ToJsonString());
        var bySource = read["bySource"]!.AsArray().ToDictionary(s => (string)s!["source"]!);
        Assert.Equal(["fism-df", "recursos-propios"], bySource.Keys.Order());
        Assert.Equal(("Aportaciones FISM-DF (Ramo 33)", 500m, 350m, 300m), ((string?)bySource["fism-df"]!["name"], (decimal)bySource["fism-df"]!["investment"]!,
            (decimal)bySource["fism-df"]!["moments"]!["exercised"]!, (decimal)bySource["fism-df"]!["moments"]!["paid"]!));
        Assert.Equal((500m, 75m, 0m), ((decimal)bySource["recursos-propios"]!["investment"]!, (decimal)bySource["recursos-propios"]!["moments"]!["exercised"]!,
            (decimal)bySource["recursos-propios"]!["moments"]!["paid"]!));
        Assert.Equal((325m, 325m, 200m), ((decimal)read["monthly"]![0]!["exercised"]!, (decimal)read["monthly"]![0]!["spent"]!, (decimal)read["monthly"]![0]!["moments"]!["paid"]!));
        Assert.Equal(2, read["department"]!["bySource"]!.AsArray().Count);
        var activities = read["department"]!["action"]!["activities"]!.AsArray();
        Assert.Equal(["fism-df", "recursos-propios"], activities.Select(a => (string?)a!["fundingSource"]));
        Assert.Equal((75m, 75m), ((decimal)activities[1]!["progress"]![0]!["exercised"]!, (decimal)activities[1]!["progress"]![0]!["moments"]!["exercised"]!));

        // Activity 1 so far: committed 500 ≥ accrued 400 ≥ exercised 350 ≥ paid 300, and modified = approved: consistent.
        var findings = read["department"]!["action"]!["findings"]!.AsArray();
        Assert.DoesNotContain(findings, f => (string?)f!["code"] is "MOMENTS_OUT_OF_ORDER" or "MODIFIED_WITHOUT_REQUEST");

        // Paying more than was exercised, and a modified budget without an authorised request, are warnings.
        version = Version(await ReportAsync(editor, poa, version, first, 3, new { achieved = 10m, exercised = 0m, paid = 100m, modified = 50m }), "reportProgress");
        var after = (await editor.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { totals { findings } department(slug: "{{Department}}") { action(number: 1) {
                findings { code severity expected actual message(language: ES) } } } } }
            """))["poa"]!;
        var contradictions = after["department"]!["action"]!["findings"]!.AsArray();
        var order = Assert.Single(contradictions, f => (string?)f!["code"] == "MOMENTS_OUT_OF_ORDER")!;
        Assert.Equal(("WARNING", 350m, 400m), ((string?)order["severity"], (decimal)order["expected"]!, (decimal)order["actual"]!));
        Assert.Contains("lo pagado ($400.00) es mayor que lo ejercido ($350.00)", (string?)order["message"], StringComparison.Ordinal);
        var modified = Assert.Single(contradictions, f => (string?)f!["code"] == "MODIFIED_WITHOUT_REQUEST")!;
        Assert.Equal((500m, 550m), ((decimal)modified["expected"]!, (decimal)modified["actual"]!));
        Assert.Equal(2, (int)after["totals"]!["findings"]!);
    }

    [Fact]
    public async Task TheExportsCarryTheSheetsTheSourcesAndTheMoments()
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync(Department, 1);
        var first = (int)action["activities"]![0]!["id"]!;
        var editor = poa.Client(PoaRoles.Editor, Department);
        var version = Version(await UpdateActivityAsync(editor, poa, (long)action["version"]!, first, FullSheet("DESCENDENTE", "TRIMESTRAL"), "fortamun-df"), "updateActivity");
        Version(await ReportAsync(editor, poa, version, first, 4, new { achieved = 3m, committed = 90m, accrued = 80m, exercised = 70m, paid = 60m }), "reportProgress");

        var json = await editor.Http.GetStringAsync($"/export/{poa.Municipality}/2021/{Department}/1?format=json");
        var document = JsonNode.Parse(json)!;
        var activity = document["departments"]![0]!["actions"]![0]!["activities"]![0]!;
        Assert.Equal(("fortamun-df", "descendente", "trimestral"), ((string?)activity["fundingSource"], (string?)activity["indicatorSheet"]!["direction"], (string?)activity["indicatorSheet"]!["frequency"]));
        var progress = Assert.Single(document["progress"]!.AsArray())!;
        Assert.Equal((70m, 60m, 90m), ((decimal)progress["exercised"]!, (decimal)progress["paid"]!, (decimal)progress["committed"]!));

        var csv = await editor.Http.GetStringAsync($"/export/{poa.Municipality}/2021/{Department}/1?format=csv");
        Assert.Contains("Fuente de financiamiento,Nivel MIR,", csv, StringComparison.Ordinal);
        Assert.Contains(",fortamun-df,Componente,Quejas ciudadanas por mes,", csv, StringComparison.Ordinal);

        var flat = await editor.Http.GetByteArrayAsync($"/export/{poa.Municipality}/2021/{Department}/1?format=xlsx-flat");
        var read = Domain.Import.PoaReader.ReadWithSource(new MemoryStream(flat), "accion.xlsx");
        var back = read.Document.Departments[0].Actions[0].Activities.Single(a => a.Id == first);
        Assert.Equal(("fortamun-df", IndicatorDirection.Descendente, IndicatorFrequency.Trimestral), (back.FundingSource, back.IndicatorSheet!.Direction, back.IndicatorSheet.Frequency));
        var month = Assert.Single(read.Progress);
        Assert.Equal((4, 70m, 60m, 80m), (month.Month, month.Exercised, month.Paid, month.Accrued));
    }
}
