using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PoaPlatform.Testing;
using static Microsoft.Playwright.Assertions;

namespace PoaPlatform.Browser.Tests;

/// <summary>What a user sees in the pages, checked against the public GraphQL API the pages read.</summary>
[Collection(SiteCollection.Name)]
public sealed class DashboardTests(PoaSite site)
{
    private const string CityFigures = """
        query($year: Int!) { poa(year: $year) {
          version
          totals { investment actions activities declaredBeneficiaries { total } largestCoverage { total } }
          compliance { ratio light }
          departments { totalCount }
          department(slug: "secretaria-particular") { compliance { ratio light } }
        } }
        """;

    [Fact]
    public async Task CityPageShowsTheTotalsTheApiReports()
    {
        var expected = (await site.GraphQLAsync(CityFigures, new { year = PoaSite.Year }))["poa"]!;
        var page = await site.OpenAsync($"/poa/{PoaSite.Year}");

        var investment = expected["totals"]!["investment"]!.GetValue<decimal>();
        Assert.True(investment > 0);
        await Expect(page.GetByTestId("total-investment")).ToHaveTextAsync(PoaSite.Money(investment));
        await Expect(page.GetByTestId("total-actions")).ToHaveTextAsync(Count(expected["totals"]!["actions"]!));
        await Expect(page.GetByTestId("total-activities")).ToHaveTextAsync(Count(expected["totals"]!["activities"]!));
        await Expect(page.GetByTestId("beneficiaries-declared")).ToHaveTextAsync(Count(expected["totals"]!["declaredBeneficiaries"]!["total"]!));
        await Expect(page.GetByTestId("beneficiaries-largest")).ToHaveTextAsync(Count(expected["totals"]!["largestCoverage"]!["total"]!));
        await Expect(page.GetByTestId("compliance-light")).ToHaveAttributeAsync("data-light", expected["compliance"]!["light"]!.GetValue<string>());
        await Expect(page.Locator("[data-testid=departments] tbody tr")).ToHaveCountAsync(expected["departments"]!["totalCount"]!.GetValue<int>());
        await Expect(page.GetByTestId("monthly-chart")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=findings] tr[data-code=ACTION_INVESTMENT_MISMATCH]")).Not.ToHaveCountAsync(0);
        // The open data of the year: the link answers the Fiscal Data Package's zip.
        var openData = page.GetByTestId("open-data-link");
        await Expect(openData).ToHaveAttributeAsync("href", $"/datos/zacatecas/{PoaSite.Year}");
        var zip = await page.APIRequest.GetAsync((await openData.GetAttributeAsync("href"))!);
        Assert.Equal((200, "application/zip"), (zip.Status, zip.Headers["content-type"]));
        await PoaSite.ScreenshotAsync(page, "poa");
    }

    [Fact]
    public async Task ReportingProgressOnTheActionPageChangesTheDepartmentAndCityFigures()
    {
        const int number = 2;
        var (_, activityId, targets) = await site.ActionAsync(number);
        var annual = targets.Sum(t => t!.GetValue<decimal>());
        var before = (await site.GraphQLAsync(CityFigures, new { year = PoaSite.Year }))["poa"]!;

        // The department page shows the action red: nothing achieved of what was programmed.
        var department = await site.OpenAsync($"/poa/{PoaSite.Year}/{PoaSite.Department}", await site.UserAsync("editor", PoaSite.Department));
        await Expect(department.GetByTestId($"action-light-{number}")).ToHaveAttributeAsync("data-light", "RED");

        // Achieve the whole year's target in January through the form of the action page.
        var action = await department.Context.NewPageAsync();
        await action.GotoAsync($"/poa/{PoaSite.Year}/{PoaSite.Department}/{number}");
        await action.GetByTestId("progress-activity").SelectOptionAsync(activityId.ToString(CultureInfo.InvariantCulture));
        await action.GetByTestId("progress-month").SelectOptionAsync("1");
        await action.GetByTestId("progress-achieved").FillAsync(annual.ToString(CultureInfo.InvariantCulture));
        await action.GetByTestId("progress-exercised").FillAsync("1234.5");
        await action.GetByTestId("progress-note").FillAsync("Meta anual cubierta en enero");
        await action.GetByTestId("progress-submit").ClickAsync();
        await Expect(action.GetByTestId("form-status")).ToContainTextAsync("Guardado");
        await Expect(action.GetByTestId($"cell-{activityId}-1-achieved")).ToHaveTextAsync(annual.ToString("N0", PoaSite.Mexico));
        await Expect(action.GetByTestId($"cell-{activityId}-1-exercised")).ToHaveTextAsync("$1,234.50");
        await Expect(action.GetByTestId("action-light")).ToHaveAttributeAsync("data-light", "GREEN");
        await Expect(action.Locator("[data-testid=audit] tbody tr")).Not.ToHaveCountAsync(0);
        // The import recorded the action once, folded: its own line, and its fields when opened.
        var imported = action.Locator("[data-testid=audit] details.audit-whole").Last;
        await Expect(imported.Locator("summary")).ToContainTextAsync("campos)");
        await imported.Locator("summary").ClickAsync();
        await Expect(imported.Locator("li", new() { HasTextString = "name: " })).ToHaveCountAsync(1);
        await PoaSite.ScreenshotAsync(action, "action");

        var after = (await site.GraphQLAsync(CityFigures, new { year = PoaSite.Year }))["poa"]!;
        Assert.True(after["compliance"]!["ratio"]!.GetValue<decimal>() > before["compliance"]!["ratio"]!.GetValue<decimal>());

        // The department page (which had it red) now shows it green, with the department's new compliance.
        await department.ReloadAsync();
        await Expect(department.GetByTestId($"action-light-{number}")).ToHaveAttributeAsync("data-light", "GREEN");
        await ExpectCloseAsync(department.GetByTestId("compliance-ratio"), after["department"]!["compliance"]!["ratio"]!);
        await PoaSite.ScreenshotAsync(department, "department");

        var city = await site.OpenAsync($"/poa/{PoaSite.Year}");
        await Expect(city.GetByTestId("compliance-light")).ToHaveAttributeAsync("data-light", after["compliance"]!["light"]!.GetValue<string>());
        await ExpectCloseAsync(city.GetByTestId("compliance-ratio"), after["compliance"]!["ratio"]!);
    }

    [Fact]
    public async Task TheSecondEditorOfACellSeesTheConflictAndCanReapplyOnTop()
    {
        const int number = 3;
        var (version, activityId, _) = await site.ActionAsync(number);
        var first = await site.OpenAsync($"/poa/{PoaSite.Year}/{PoaSite.Department}/{number}", await site.UserAsync("editor", PoaSite.Department));
        var second = await site.OpenAsync($"/poa/{PoaSite.Year}/{PoaSite.Department}/{number}", await site.UserAsync("editor", PoaSite.Department));
        await Expect(second.GetByTestId("action-version")).ToHaveAttributeAsync("data-value", Raw(version));

        await ReportAsync(first, activityId, month: 2, achieved: 10);
        await Expect(first.GetByTestId("form-status")).ToContainTextAsync("Guardado");

        // The second page still shows the old version: its change to the same cell conflicts.
        await ReportAsync(second, activityId, month: 2, achieved: 25);
        var conflict = second.GetByTestId("conflict");
        await Expect(conflict).ToBeVisibleAsync();
        await Expect(second.GetByTestId("conflict-version")).ToHaveTextAsync((version + 1).ToString("N0", PoaSite.Mexico));
        await Expect(conflict.Locator($"tr[data-field='activity/{activityId}/progress/2']")).ToHaveCountAsync(1);
        await PoaSite.ScreenshotAsync(second, "conflict");

        await second.GetByTestId("conflict-reapply").ClickAsync();
        await Expect(second.GetByTestId("form-status")).ToContainTextAsync("Guardado");
        await Expect(second.GetByTestId("action-version")).ToHaveAttributeAsync("data-value", Raw(version + 2));
        await Expect(second.GetByTestId($"cell-{activityId}-2-achieved")).ToHaveTextAsync("25");
        var (now, _, _) = await site.ActionAsync(number);
        Assert.Equal(version + 2, now);
    }

    [Fact]
    public async Task AnOpenCityPageShowsAnotherClientsChangeWithinTwoSeconds()
    {
        const int number = 4;
        var page = await site.OpenAsync($"/poa/{PoaSite.Year}");
        await Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "live");

        // The page says "live" at connection_ack, just before it subscribes: a first change, with time to spare,
        // proves the subscription is in place; the second one is the one that must arrive within two seconds.
        await ChangeAndWaitAsync(page, number, month: 3, achieved: 7, TimeSpan.FromSeconds(15));
        await ChangeAndWaitAsync(page, number, month: 4, achieved: 9, TimeSpan.FromSeconds(2));
    }

    /// <summary>Reports progress as another client and waits, without reloading, until the page shows the new compliance.</summary>
    private async Task ChangeAndWaitAsync(IPage page, int number, int month, decimal achieved, TimeSpan within)
    {
        var (version, activityId, _) = await site.ActionAsync(number);
        await site.ReportProgressAsync(number, version, activityId, month, achieved, exercised: 100);
        var ratio = (double)(await site.GraphQLAsync(CityFigures, new { year = PoaSite.Year }))["poa"]!["compliance"]!["ratio"]!.GetValue<decimal>();
        await page.WaitForFunctionAsync(
            "expected => Math.abs(Number(document.querySelector('[data-testid=compliance-ratio]').dataset.value) - expected) < 1e-9",
            ratio, new PageWaitForFunctionOptions { Timeout = (float)within.TotalMilliseconds, PollingInterval = 50 });
    }

    [Fact]
    public async Task TheImportPageShowsTheSeedsFindingsBeforeSavingIt()
    {
        var municipality = $"importacion-{Guid.NewGuid():N}"[..24];
        var operators = site.Token("superadmin", "");
        await site.GraphQLAsync("mutation($input: CreateMunicipalityInput!) { createMunicipality(input: $input) { slug } }",
            new { input = new { slug = municipality, name = "Importación de prueba", state = "Zacatecas", inegiCode = "32999" } }, operators);
        await site.GraphQLAsync("mutation($m: String!) { openYear(municipality: $m, year: 2021) { slug } }", new { m = municipality }, operators);
        var page = await site.OpenAsync($"/importar?municipio={municipality}", await site.UserAsync("planner", municipality: municipality));
        await page.GetByTestId("import-file").SetInputFilesAsync(Samples.SeedPath);
        await page.GetByTestId("import-check").ClickAsync();

        var mismatch = page.Locator("[data-testid=import-findings] tr[data-code=ACTION_INVESTMENT_MISMATCH][data-action='4']");
        await Expect(mismatch).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("import-save")).ToBeVisibleAsync();
        await PoaSite.ScreenshotAsync(page, "import");
        var dryRun = await CityOf(municipality);
        Assert.Equal(0, dryRun["totals"]!["actions"]!.GetValue<int>());

        await page.GetByTestId("import-save").ClickAsync();
        await Expect(page.GetByTestId("import-open")).ToBeVisibleAsync();
        var saved = await CityOf(municipality);
        Assert.True(saved["totals"]!["actions"]!.GetValue<int>() > 0);
        var shown = await page.GetByTestId("import-investment").GetAttributeAsync("data-value");
        Assert.Equal(saved["totals"]!["investment"]!.GetValue<decimal>(), decimal.Parse(shown!, CultureInfo.InvariantCulture));
    }

    private async Task<JsonNode> CityOf(string municipality) =>
        (await site.GraphQLAsync("query($m: String!) { poa(municipality: $m, year: 2021) { totals { actions investment } } }", new { m = municipality }))["poa"]!;

    private static async Task ReportAsync(IPage page, int activityId, int month, decimal achieved)
    {
        await page.GetByTestId("progress-activity").SelectOptionAsync(activityId.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("progress-month").SelectOptionAsync(month.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("progress-achieved").FillAsync(achieved.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("progress-note").FillAsync("Avance del mes");
        await page.GetByTestId("progress-submit").ClickAsync();
    }

    /// <summary>A ratio as the page holds it (a JavaScript double) equals the API's decimal to many places.</summary>
    private static async Task ExpectCloseAsync(ILocator figure, JsonNode expected)
    {
        var shown = double.Parse((await figure.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
        Assert.Equal((double)expected.GetValue<decimal>(), shown, 1e-9);
    }

    private static string Count(JsonNode value) => value.GetValue<long>().ToString("N0", PoaSite.Mexico);

    /// <summary>A number as JavaScript prints it in a data-value attribute.</summary>
    private static string Raw(JsonNode value) => Raw(value.GetValue<decimal>());

    private static string Raw(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
