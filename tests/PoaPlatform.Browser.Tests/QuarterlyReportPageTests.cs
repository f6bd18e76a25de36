using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PoaPlatform.Browser.Tests;

/// <summary>The informe trimestral printed to PDF by headless Chromium, read back with pdftotext (poppler-utils).</summary>
[Collection(SiteCollection.Name)]
public sealed class QuarterlyReportPageTests(PoaSite site)
{
    [Fact]
    public async Task TheDepartmentsQuarterlyReportPrintsToAPdfWithItsFiguresTheMunicipalityAndPageNumbers()
    {
        var expected = (await site.GraphQLAsync($$"""
            { poa(year: {{PoaSite.Year}}) { department(slug: "{{PoaSite.Department}}") { quarterlyReport(quarter: 1) {
                rows { number name investment achievedToDate compliance { ratio } } total { investment moments { exercised } } } } } }
            """))["poa"]!["department"]!["quarterlyReport"]!;
        var page = await site.OpenAsync($"/poa/{PoaSite.Year}/{PoaSite.Department}");
        await page.GetByTestId("report-link").ClickAsync();
        await Expect(page.GetByTestId("report-title")).ToContainTextAsync($"Informe trimestral de avance {PoaSite.Year}");
        await page.GetByTestId("report-quarter").SelectOptionAsync("1");
        await Expect(page.GetByTestId("report-title")).ToContainTextAsync("1.º trimestre (enero–marzo)");
        await Expect(page.GetByTestId("report-table").Locator("tbody tr")).ToHaveCountAsync(expected["rows"]!.AsArray().Count + 1);
        await Expect(page.GetByTestId("report-chart")).ToBeVisibleAsync();

        foreach (var (size, format) in new[] { ("carta", "Letter"), ("a4", "A4") })
        {
            await page.GetByTestId("report-paper").SelectOptionAsync(size);
            await Expect(page.GetByTestId("page-size")).ToHaveAttributeAsync("data-paper", size);
            var pdf = await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true });
            var text = PdfText(pdf);

            Assert.Contains($"Informe trimestral de avance {PoaSite.Year}", text, StringComparison.Ordinal);
            Assert.Contains("Zacatecas", text, StringComparison.Ordinal);
            Assert.Contains("Página 1 de", text, StringComparison.Ordinal);
            Assert.Contains(PoaSite.Money(expected["total"]!["investment"]!.GetValue<decimal>()), text, StringComparison.Ordinal);
            foreach (var row in expected["rows"]!.AsArray())
                Assert.Contains(PoaSite.Money(row!["investment"]!.GetValue<decimal>()), text, StringComparison.Ordinal);
            Assert.DoesNotContain("Imprimir o guardar PDF", text, StringComparison.Ordinal);
            // The page is landscape Letter (792 × 612 points) or A4 (841.9 × 595.3), within a point of rounding.
            var line = PdfInfo(pdf).Split('\n').Single(l => l.StartsWith("Page size:", StringComparison.Ordinal));
            var sides = System.Text.RegularExpressions.Regex.Matches(line, "[0-9.]+").Take(2).Select(m => decimal.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
            var (width, height) = format == "Letter" ? (792m, 612m) : (841.9m, 595.3m);
            Assert.True(Math.Abs(sides[0] - width) < 1 && Math.Abs(sides[1] - height) < 1, line);
        }
    }

    [Fact]
    public async Task TheCitysQuarterlyReportHasARowPerDepartmentAndItsTotal()
    {
        var expected = (await site.GraphQLAsync($$"""{ poa(year: {{PoaSite.Year}}) { quarterlyReport(quarter: 2) { rows { key } total { investment } } } }"""))["poa"]!["quarterlyReport"]!;
        var page = await site.OpenAsync($"/informe/{PoaSite.Year}/T2");
        await Expect(page.GetByTestId("report-title")).ToContainTextAsync("2.º trimestre (abril–junio)");
        await Expect(page.GetByTestId("report-table").Locator("tbody tr")).ToHaveCountAsync(expected["rows"]!.AsArray().Count + 1);
        await Expect(page.GetByTestId("report-row-total")).ToContainTextAsync(PoaSite.Money(expected["total"]!["investment"]!.GetValue<decimal>()));
        await Expect(page.GetByTestId("report-xlsx")).ToHaveAttributeAsync("href", $"/export/zacatecas/{PoaSite.Year}?format=informe-trimestral&periodo=2");
    }

    private static string PdfText(byte[] pdf) => Run("pdftotext", pdf, path => ["-layout", path, "-"]);

    private static string PdfInfo(byte[] pdf) => Run("pdfinfo", pdf, path => [path]);

    private static string Run(string tool, byte[] pdf, Func<string, string[]> arguments)
    {
        var path = Path.Combine(Path.GetTempPath(), $"informe-{Guid.NewGuid():N}.pdf");
        try
        {
            File.WriteAllBytes(path, pdf);
            var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments(path))
                info.ArgumentList.Add(argument);
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{tool}: {process.StandardError.ReadToEnd()}");
            return output;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
