using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PoaPlatform.Browser.Tests;

/// <summary>The action page edits an activity's indicator sheet and funding source and reports the moments of
/// expenditure; the department page shows the spending by source the API answers.</summary>
[Collection(SiteCollection.Name)]
public sealed class IndicatorAndBudgetPageTests(PoaSite site)
{
    [Fact]
    public async Task AnEditorFillsAnIndicatorSheetAndASourceAndReportsTheMomentsAndTheDepartmentShowsThemBySource()
    {
        const int number = 6;
        var (_, activityId, targets) = await site.ActionAsync(number);
        var id = activityId.ToString(CultureInfo.InvariantCulture);
        var page = await site.OpenAsync($"/poa/{PoaSite.Year}/{PoaSite.Department}/{number}", await site.UserAsync("editor", PoaSite.Department));

        // The seed's sheets are empty but for the indicator's name.
        await Expect(page.GetByTestId($"sheet-activity-{id}-missing")).ToContainTextAsync("faltan 13 campos");
        await page.GetByTestId("sheet-owner").SelectOptionAsync(id);
        await page.GetByTestId("sheet-level").SelectOptionAsync("COMPONENTE");
        await page.GetByTestId("sheet-frequency").SelectOptionAsync("TRIMESTRAL");
        await page.GetByTestId("sheet-direction").SelectOptionAsync("DESCENDENTE");
        await page.GetByTestId("sheet-method").FillAsync("(A / B) × 100");
        await page.GetByTestId("sheet-baselineValue").FillAsync("40");
        await page.GetByTestId("sheet-baselineYear").FillAsync("2020");
        await page.GetByTestId("sheet-fundingSource").SelectOptionAsync("fism-df");
        await page.GetByTestId("sheet-submit").ClickAsync();
        await Expect(page.GetByTestId("form-status")).ToContainTextAsync("Guardado: ficha del indicador de la actividad");
        await Expect(page.GetByTestId($"sheet-activity-{id}-direction")).ToHaveTextAsync("Descendente");
        await Expect(page.GetByTestId($"sheet-activity-{id}-frequency")).ToHaveTextAsync("Trimestral");
        await Expect(page.GetByTestId($"source-{id}")).ToHaveTextAsync("Aportaciones FISM-DF (Ramo 33)");

        // April's report with every moment of expenditure.
        await page.GetByTestId("progress-activity").SelectOptionAsync(id);
        await page.GetByTestId("progress-month").SelectOptionAsync("4");
        await page.GetByTestId("progress-achieved").FillAsync(targets[3]!.GetValue<decimal>().ToString(CultureInfo.InvariantCulture));
        foreach (var (moment, amount) in new[] { ("approved", "1000"), ("modified", "1000"), ("committed", "900"), ("accrued", "800"), ("exercised", "700"), ("paid", "600") })
            await page.GetByTestId($"progress-{moment}").FillAsync(amount);
        await page.GetByTestId("progress-note").FillAsync("Abril");
        await page.GetByTestId("progress-submit").ClickAsync();
        await Expect(page.GetByTestId("form-status")).ToContainTextAsync("Guardado: avance de ABR");
        await Expect(page.GetByTestId($"cell-{id}-4-committed")).ToHaveTextAsync(PoaSite.Money(900));
        await Expect(page.GetByTestId($"cell-{id}-4-paid")).ToHaveTextAsync(PoaSite.Money(600));
        await Expect(page.GetByTestId($"cell-{id}-4-exercised")).ToHaveTextAsync(PoaSite.Money(700));

        // The department page's spending by source is what GraphQL answers.
        var expected = (await site.GraphQLAsync($$"""
            { poa(year: {{PoaSite.Year}}) { department(slug: "{{PoaSite.Department}}") { bySource { source moments { exercised paid } } } } }
            """))["poa"]!["department"]!["bySource"]!.AsArray().Single(s => (string?)s!["source"] == "fism-df")!;
        Assert.Equal(700m, expected["moments"]!["exercised"]!.GetValue<decimal>());
        var department = await site.OpenAsync($"/poa/{PoaSite.Year}/{PoaSite.Department}");
        await Expect(department.GetByTestId("source-fism-df-exercised")).ToHaveTextAsync(PoaSite.Money(700));
        await Expect(department.GetByTestId("source-fism-df-paid")).ToHaveTextAsync(PoaSite.Money(600));
        await Expect(department.Locator("[data-testid=by-source] tr[data-source=sin-fuente]")).ToHaveCountAsync(1);
    }
}
