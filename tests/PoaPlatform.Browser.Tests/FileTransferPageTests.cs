using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Domain.Model;
using PoaPlatform.Testing;
using static Microsoft.Playwright.Assertions;

namespace PoaPlatform.Browser.Tests;

/// <summary>Uploading a workbook on the import page, and downloading what each page shows.</summary>
[Collection(SiteCollection.Name)]
public sealed class FileTransferPageTests(PoaSite site)
{
    [Fact]
    public async Task TheImportPageUploadsAWorkbookShowingProgressThenItsFindingsAndSavesIt()
    {
        const string municipality = "carga-de-libro";
        var seed = PoaReader.Read(Samples.SeedText);
        var city = seed with { Departments = [.. Enumerable.Range(1, 6).Select(d => seed.Departments[0] with { Name = $"Secretaría {d}" })] };
        var path = Path.Combine(Path.GetTempPath(), $"poa-{Guid.NewGuid():N}.xlsx");
        try
        {
            await using (var file = File.Create(path))
                PoaXlsx.Write(city, file);
            await site.CreateMunicipalityAsync(municipality, 2021);
            var page = await site.OpenAsync($"/importar?municipio={municipality}", await site.UserAsync("planner", "", municipality));
            await Expect(page.GetByTestId("import-file")).ToBeVisibleAsync();
            // Every state the progress bar passes through, as the page sets it: rebuilt from the attribute changes in
            // their order, since one task may set several (the answer's lines can arrive in one XMLHttpRequest event).
            await page.EvaluateAsync("""
                () => {
                  const bar = document.querySelector('[data-testid=import-progress]');
                  const names = ['data-stage', 'value', 'max'];
                  const start = Object.fromEntries(names.map((n) => [n, bar.getAttribute(n)]));
                  const changes = [];
                  const keep = (records) => changes.push(...records.map((r) => ({ name: r.attributeName, old: r.oldValue })));
                  const observer = new MutationObserver(keep);
                  observer.observe(bar, { attributeFilter: names, attributeOldValue: true });
                  window.stages = () => {
                    keep(observer.takeRecords());
                    const state = { ...start };
                    return changes.flatMap((change, i) => {
                      const next = changes.slice(i + 1).find((c) => c.name === change.name);
                      state[change.name] = next ? next.old : bar.getAttribute(change.name);
                      return change.name === 'data-stage' ? [`${state['data-stage']}:${state.value ?? 0}/${state.max}`] : [];
                    });
                  };
                }
                """);
            await page.GetByTestId("import-file").SetInputFilesAsync(path);
            await page.GetByTestId("import-check").ClickAsync();
            await Expect(page.Locator("[data-testid=import-findings] tr[data-code=ACTION_INVESTMENT_MISMATCH]")).ToHaveCountAsync(6);
            await Expect(page.Locator("[data-testid=import-findings] tr[data-code=ACTION_INVESTMENT_MISMATCH]").First)
                .ToContainTextAsync("La acción 4 «Comunicación institucional» declara una inversión de $4,181,100.00");
            await Expect(page.Locator("[data-testid=import-findings] tr[data-code=ACTION_INVESTMENT_MISMATCH]").First).ToContainTextAsync("'S01 Acción 4'!G8");
            await Expect(page.GetByTestId("import-actions")).ToHaveAttributeAsync("data-value", "54");

            await page.GetByTestId("import-save").ClickAsync();
            await Expect(page.GetByTestId("import-open")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("import-progress-text")).ToHaveTextAsync("Importación terminada.");
            var stages = (await page.EvaluateAsync<string[]>("() => window.stages()"))!;
            Assert.Contains(stages, s => s.StartsWith("upload:", StringComparison.Ordinal));
            Assert.Contains("saved:6/6", stages);
            Assert.Contains(stages, s => s.StartsWith("saved:", StringComparison.Ordinal) && s != "saved:6/6");
            await PoaSite.ScreenshotAsync(page, "import-upload");

            var saved = (await site.GraphQLAsync("query($m: String!) { poa(municipality: $m, year: 2021) { totals { actions investment } } }", new { m = municipality }))["poa"]!;
            Assert.Equal(54, saved["totals"]!["actions"]!.GetValue<int>());
            Assert.Equal(6 * 7_458_446.61m, saved["totals"]!["investment"]!.GetValue<decimal>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task TheImportPageShowsAFormatErrorWithItsSheetAndCell()
    {
        var path = Path.Combine(Path.GetTempPath(), $"poa-{Guid.NewGuid():N}.xlsx");
        try
        {
            await File.WriteAllTextAsync(path, Samples.SeedText);
            var page = await site.OpenAsync("/importar", await site.UserAsync("planner"));
            await page.GetByTestId("import-file").SetInputFilesAsync(path);
            await page.GetByTestId("import-check").ClickAsync();
            await Expect(page.GetByTestId("import-status")).ToHaveClassAsync("status error");
            await Expect(page.GetByTestId("import-status")).ToContainTextAsync("is named like an Excel workbook but is not one");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The formats every page offers (web/src/views.js), by the extension of their file.</summary>
    private static readonly (string Format, string Suffix)[] Formats = [("xlsx", ".xlsx"), ("xlsx-flat", "-filas.xlsx"), ("csv", ".csv"), ("json", ".json")];

    [Theory]
    [InlineData("city")]
    [InlineData("department")]
    [InlineData("action")]
    public async Task EachPageDownloadsWhatItShowsInEveryFormatAndEachFileReadsBackToItsFigures(string scope)
    {
        const int number = 3;
        var (path, file, query) = scope switch
        {
            "city" => ($"/poa/{PoaSite.Year}", "poa-2021-zacatecas", "totals { investment actions activities }"),
            "department" => ($"/poa/{PoaSite.Year}/{PoaSite.Department}", $"poa-2021-{PoaSite.Department}",
                $"department(slug: \"{PoaSite.Department}\") {{ totals {{ investment actions activities }} }}"),
            _ => ($"/poa/{PoaSite.Year}/{PoaSite.Department}/{number}", $"poa-2021-{PoaSite.Department}-{number}",
                $"department(slug: \"{PoaSite.Department}\") {{ action(number: {number}) {{ investment activities {{ id }} }} }}"),
        };
        var poa = (await site.GraphQLAsync($"{{ poa(year: {PoaSite.Year}) {{ {query} }} }}"))["poa"]!;
        (int Actions, int Activities, decimal Investment) expected = scope switch
        {
            "city" => Figures(poa["totals"]!),
            "department" => Figures(poa["department"]!["totals"]!),
            _ => (1, poa["department"]!["action"]!["activities"]!.AsArray().Count, poa["department"]!["action"]!["investment"]!.GetValue<decimal>()),
        };
        Assert.True(expected.Activities > 0, $"the {scope} page shows no activity: the figures below could not disagree");

        var page = await site.OpenAsync(path);
        await Expect(page.Locator("[data-testid=downloads] [data-download]")).ToHaveCountAsync(Formats.Length);
        foreach (var (format, suffix) in Formats)
        {
            var bytes = await DownloadAsync(page, $"download-{format}", file + suffix);
            var read = format switch
            {
                "csv" => CsvFigures(bytes),
                "json" => JsonFigures(bytes),
                _ => WorkbookFigures(bytes),
            };
            Assert.Equal((format, expected), (format, read));
        }
    }

    [Fact]
    public async Task TheDepartmentPageDownloadsTheTransparencyFormatOfTheQuarterChosen()
    {
        var actions = (await site.GraphQLAsync($"{{ poa(year: {PoaSite.Year}) {{ department(slug: \"{PoaSite.Department}\") {{ totals {{ actions }} }} }} }}"))
            ["poa"]!["department"]!["totals"]!["actions"]!.GetValue<int>();
        var page = await site.OpenAsync($"/poa/{PoaSite.Year}/{PoaSite.Department}");
        await Expect(page.GetByTestId("transparency-downloads").Locator("[data-download]")).ToHaveCountAsync(3);

        await page.GetByTestId("transparency-quarter").SelectOptionAsync("2");
        var bytes = await DownloadAsync(page, "download-transparencia-iv", $"poa-2021-{PoaSite.Department}-transparencia-iv-t2.xlsx");

        using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var part = workbook.WorkbookPart!;
        var sheet = (DocumentFormat.OpenXml.Packaging.WorksheetPart)part.GetPartById(
            part.Workbook!.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().First().Id!.Value!);
        var rows = sheet.Worksheet!.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList();
        // A header, then one row per action; the period ends on the quarter's last day (30/06/2021).
        Assert.Equal(actions + 1, rows.Count);
        var end = rows[1].Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Single(c => c.CellReference!.Value == "C2");
        Assert.Equal(new DateOnly(2021, 6, 30), DateOnly.FromDateTime(DateTime.FromOADate(double.Parse(end.CellValue!.Text, CultureInfo.InvariantCulture))));
    }

    private static (int Actions, int Activities, decimal Investment) Figures(JsonNode totals) =>
        (totals["actions"]!.GetValue<int>(), totals["activities"]!.GetValue<int>(), totals["investment"]!.GetValue<decimal>());

    private static (int Actions, int Activities, decimal Investment) WorkbookFigures(byte[] bytes)
    {
        var totals = PoaReader.ReadWithSource(new MemoryStream(bytes), "poa.xlsx").Document.Totals;
        return (totals.Actions, totals.Activities, totals.Investment);
    }

    /// <summary>Counts the actions and activities of a JSON export and adds up its actions' investments.</summary>
    private static (int Actions, int Activities, decimal Investment) JsonFigures(byte[] bytes)
    {
        var actions = JsonNode.Parse(bytes)!["departments"]!.AsArray().SelectMany(d => d!["actions"]!.AsArray()).ToList();
        return (actions.Count, actions.Sum(a => a!["activities"]!.AsArray().Count), actions.Sum(a => a!["investment"]!.GetValue<decimal>()));
    }

    /// <summary>The same of a CSV export (UTF-8 with BOM; a row per activity, or per action without activities).</summary>
    private static (int Actions, int Activities, decimal Investment) CsvFigures(byte[] bytes)
    {
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = CsvRecords.Parse(Encoding.UTF8.GetString(bytes[3..]));
        int Column(string name) => Array.IndexOf(rows[0], name);
        var actions = rows.Skip(1).GroupBy(r => (r[Column(PoaFlatLayout.Department)], r[Column(PoaFlatLayout.ActionNumber)])).ToList();
        return (actions.Count, rows.Skip(1).Count(r => r[Column(PoaFlatLayout.AnnualTarget)].Length > 0),
            actions.Sum(a => decimal.Parse(a.First()[Column(PoaFlatLayout.ActionInvestment)], NumberStyles.Number, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task TheActionPageDownloadsItsActionWithTheReportedProgressAsJsonAndAsAFlatWorkbook()
    {
        const int number = 7;
        var (version, activityId, _) = await site.ActionAsync(number);
        await site.ReportProgressAsync(number, version, activityId, 6, 33, 1_000);
        var page = await site.OpenAsync($"/poa/{PoaSite.Year}/{PoaSite.Department}/{number}");
        var json = JsonNode.Parse(await DownloadAsync(page, "download-json", $"poa-2021-secretaria-particular-{number}.json"))!;
        Assert.Equal(number, json["departments"]![0]!["actions"]![0]!["number"]!.GetValue<int>());
        Assert.Contains(json["progress"]!.AsArray(), p => p!["month"]!.GetValue<int>() == 6 && p["achieved"]!.GetValue<decimal>() == 33);
        var flat = PoaReader.ReadWithSource(new MemoryStream(await DownloadAsync(page, "download-xlsx-flat", $"poa-2021-secretaria-particular-{number}-filas.xlsx")), "f.xlsx");
        Assert.Contains(new ReportedProgress("Secretaría Particular", number, activityId, 6, 33, 1_000, "Avance del mes"), flat.Progress);
        var workbook = PoaReader.ReadWithSource(new MemoryStream(await DownloadAsync(page, "download-xlsx", $"poa-2021-secretaria-particular-{number}.xlsx")), "a.xlsx").Document;
        Assert.Equal(1_285_000m, Assert.Single(workbook.Departments[0].Actions).Investment);
    }

    private static async Task<byte[]> DownloadAsync(IPage page, string testId, string expectedName)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId(testId).ClickAsync());
        Assert.Equal(expectedName, download.SuggestedFilename);
        var path = await download.PathAsync();
        return await File.ReadAllBytesAsync(path);
    }
}
