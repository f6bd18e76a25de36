using System.Globalization;
using System.Text.Json.Nodes;
using PoaPlatform.Auth;
using PoaPlatform.Testing;
using static Microsoft.Playwright.Assertions;

namespace PoaPlatform.Browser.Tests;

/// <summary>The forecast panel with its method and assumptions, the early warnings, and the comparison with the year
/// before, as the city and department pages show them, checked against GraphQL. Each test has a municipality of its own.</summary>
[Collection(SiteCollection.Name)]
public sealed class ForecastAndComparisonPageTests(PoaSite site)
{
    private static readonly string[] s_axes = ["Zacatecas Gobierno de Calidad"];
    private static readonly string[] s_budgetItems = ["3821"];

    private static decimal[] Each(decimal value) => [.. Enumerable.Repeat(value, 12)];

    private async Task<long> CreateAsync(string municipality, int year, string department, int number, decimal[] targets, decimal investment)
    {
        var data = await site.GraphQLAsync("""
            mutation($input: CreateActionInput!) { createAction(input: $input) { version } }
            """, new
        {
            input = new
            {
                municipality, year, department, number, name = $"Acción {number}", axes = s_axes, goal = "Meta",
                beneficiaries = new { men = 10, women = 12 }, investment, budgetItems = s_budgetItems,
                activities = new[] { new { description = "Única", responsibleArea = "Área", unit = "Documentos", indicator = "Número", investment, monthlyTargets = targets } },
            },
        }, site.Token(PoaRoles.Admin, "", "navegador", municipality));
        return data["createAction"]!["version"]!.GetValue<long>();
    }

    private async Task SetCalendarAsync(string municipality, int year, IReadOnlyList<DateOnly> cutOffs, long expectedVersion) =>
        await site.GraphQLAsync("""
            mutation($input: SetCalendarInput!) { setCalendar(input: $input) { version } }
            """, new { input = new { municipality, year, cutOffs = cutOffs.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(), expectedVersion } },
            site.Token(PoaRoles.Planner, "", "planeacion", municipality));

    private static decimal Value(string? text) => decimal.Parse(text!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task DepartmentAndCityPagesShowTheForecastWithItsAssumptionsAndTheEarlyWarnings()
    {
        // The hand-computed case of the domain's ForecastTests: three actions, ENE–MAR reported and then closed.
        var municipality = "fc" + Guid.NewGuid().ToString("N")[..8];
        await site.CreateMunicipalityAsync(municipality, 2021);
        await SetCalendarAsync(municipality, 2021, TestCalendar.OpenCutOffs(), 0);
        var a = await CreateAsync(municipality, 2021, "obras-publicas", 1, Each(10), 100_000m);
        await CreateAsync(municipality, 2021, "obras-publicas", 2, [0, 0, 0, 20, 20, 20, 20, 20, 20, 20, 20, 20], 100_000m);
        var c = await CreateAsync(municipality, 2021, "obras-publicas", 3, Each(5), 100_000m);
        foreach (var (number, version, month, achieved) in new[] { (1, a, 1, 8m), (1, a, 2, 6m), (1, a, 3, 10m), (3, c, 1, 1m), (3, c, 2, 1m), (3, c, 3, 1m) })
        {
            await site.GraphQLAsync("""
                mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }
                """, new { input = new { municipality, year = 2021, department = "obras-publicas", number, expectedVersion = version, activityId = 1, month, achieved, spent = 0, note = "Avance" } },
                site.Token(PoaRoles.Admin, "", "navegador", municipality));
        }
        var ahead = TestCalendar.OpenCutOffs()[0];
        await SetCalendarAsync(municipality, 2021, [new DateOnly(2021, 2, 10), new DateOnly(2021, 3, 10), new DateOnly(2021, 4, 12), .. Enumerable.Repeat(ahead, 9)], 1);
        var expected = (await site.GraphQLAsync("""
            query($m: String!) { poa(municipality: $m, year: 2021) { department(slug: "obras-publicas") {
              forecast { projectedCompliance light investmentAtRisk method(language: ES) assumptions(language: ES) }
              earlyWarnings { nodes { action { number } investmentAtRisk } } } } }
            """, new { m = municipality }))["poa"]!["department"]!;
        Assert.Equal(0.8m, expected["forecast"]!["projectedCompliance"]!.GetValue<decimal>());

        var page = await site.OpenAsync("/poa/2021/obras-publicas", municipality: municipality);
        await Expect(page.GetByTestId("forecast-light")).ToHaveAttributeAsync("data-light", "YELLOW");
        Assert.Equal(0.8m, Value(await page.GetByTestId("forecast-ratio").GetAttributeAsync("data-value")));
        await Expect(page.GetByTestId("forecast-ratio")).ToHaveTextAsync("80 %");
        await Expect(page.GetByTestId("forecast-months")).ToHaveTextAsync("ENE–MAR");
        Assert.Equal(100_000m, Value(await page.GetByTestId("forecast-risk").GetAttributeAsync("data-value")));
        // The method and its assumptions stand next to the figure, in Spanish, as the API words them.
        await Expect(page.GetByTestId("forecast-method")).ToHaveTextAsync(expected["forecast"]!["method"]!.GetValue<string>());
        await Expect(page.Locator("[data-testid=forecast-assumptions] li")).ToHaveTextAsync(
            expected["forecast"]!["assumptions"]!.AsArray().Select(s => s!.GetValue<string>()).ToArray());
        await Expect(page.GetByTestId("forecast-assumptions")).ToContainTextAsync("Meses reportados: ENE–MAR (3)");
        // Only action 3 ends red: 3 of 15 to date → 20 %, $80,000.00 of its $100,000.00 at risk.
        await Expect(page.Locator("[data-testid=early-warnings] tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=early-warnings] tbody tr[data-number='3']")).ToContainTextAsync("20 %");
        Assert.Equal(80_000m, Value(await page.GetByTestId("warning-risk-obras-publicas-3").GetAttributeAsync("data-value")));
        await Expect(page.GetByTestId("warning-risk-obras-publicas-3")).ToHaveTextAsync(PoaSite.Money(80_000m));
        // Each action's own forecast in the actions table: A yellow (80 %), B green (taken as programmed), C red.
        await Expect(page.GetByTestId("action-forecast-1")).ToHaveAttributeAsync("data-light", "YELLOW");
        await Expect(page.GetByTestId("action-forecast-2")).ToHaveAttributeAsync("data-light", "GREEN");
        await Expect(page.GetByTestId("action-forecast-3")).ToHaveAttributeAsync("data-light", "RED");
        await PoaSite.ScreenshotAsync(page, "forecast");

        // The city page has only this department: the same projection and the same warning.
        await page.GotoAsync("/poa/2021");
        await Expect(page.GetByTestId("forecast-light")).ToHaveAttributeAsync("data-light", "YELLOW");
        await Expect(page.GetByTestId("forecast-ratio")).ToHaveTextAsync("80 %");
        await Expect(page.Locator("[data-testid=early-warnings] tbody tr[data-department='obras-publicas'][data-number='3']")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task TheComparisonWithTheYearBeforeShowsBothYearsAndWhatOnlyOneHas()
    {
        // The seed in 2020 and 2021; 2021 adds tesorería (a department) and 2020 had action 50 of the Secretaría Particular.
        var municipality = "cmp" + Guid.NewGuid().ToString("N")[..8];
        await site.CreateMunicipalityAsync(municipality, 2020, 2021);
        foreach (var year in new[] { 2020, 2021 })
        {
            var text = Samples.SeedText.Replace("PROGRAMA OPERATIVO ANUAL 2021", $"PROGRAMA OPERATIVO ANUAL {year}", StringComparison.Ordinal);
            await site.GraphQLAsync("mutation($m: String!, $d: String!) { importPoa(municipality: $m, document: $d) { totals { actions } } }",
                new { m = municipality, d = text }, site.Token(PoaRoles.Admin, "", "navegador", municipality));
        }
        await CreateAsync(municipality, 2021, "tesoreria", 1, Each(10), 1_000m);
        await CreateAsync(municipality, 2020, "secretaria-particular", 50, Each(10), 2_000m);
        var expected = (await site.GraphQLAsync("""
            query($m: String!) { compare(municipality: $m, year: 2021, with: 2020) {
              totals { investment { year difference } actions { difference } } departments(presence: ONLY_IN_YEAR) { name } } }
            """, new { m = municipality }))["compare"]!;
        var onlyIn2021 = expected["departments"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()).ToArray();
        Assert.Single(onlyIn2021);
        expected = expected["totals"]!;
        Assert.Equal(-1_000m, expected["investment"]!["difference"]!.GetValue<decimal>());

        // From the city page's link to the comparison of the city.
        var page = await site.OpenAsync("/poa/2021", municipality: municipality);
        await page.GetByTestId("compare-link").ClickAsync();
        await Expect(page.GetByTestId("compare-title")).ToHaveTextAsync("Comparación 2021 con 2020");
        Assert.Equal(expected["investment"]!["year"]!.GetValue<decimal>(), Value(await page.GetByTestId("compare-totals-investment-year").GetAttributeAsync("data-value")));
        await Expect(page.GetByTestId("compare-totals-investment-difference")).ToHaveTextAsync("-" + PoaSite.Money(1_000m));
        await Expect(page.GetByTestId("compare-totals-actions-difference")).ToHaveTextAsync("0");
        await Expect(page.Locator("[data-testid=compare-only-year] li")).ToHaveTextAsync(onlyIn2021);
        await Expect(page.Locator("[data-testid=compare-only-with] li")).ToHaveTextAsync(["Ninguna"]);
        await Expect(page.Locator("[data-testid=compare-departments] tbody tr[data-key='tesoreria']")).ToContainTextAsync("Solo en 2021");
        await PoaSite.ScreenshotAsync(page, "compare");

        // The department's comparison, from its page's link: action 50 only in 2020, the seed's nine in both.
        await page.GotoAsync("/poa/2021/secretaria-particular");
        await page.GetByTestId("compare-link").ClickAsync();
        await Expect(page.GetByTestId("compare-title")).ToContainTextAsync("2021 con 2020");
        await Expect(page.Locator("[data-testid=compare-only-with] li")).ToHaveTextAsync(["50. Acción 50"]);
        await Expect(page.Locator("[data-testid=compare-actions] tbody tr[data-presence=BOTH]")).ToHaveCountAsync(9);
        await Expect(page.GetByTestId("compare-totals-investment-difference")).ToHaveTextAsync("-" + PoaSite.Money(2_000m));

        // 2020 has no year before it in this municipality: the page says so instead of failing.
        await page.GotoAsync("/comparar/2020");
        await Expect(page.GetByTestId("compare-missing")).ToContainTextAsync("No hay POA 2019 de este municipio para comparar");
    }
}
