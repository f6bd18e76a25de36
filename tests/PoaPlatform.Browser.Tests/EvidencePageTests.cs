using System.Text;
using Microsoft.Playwright;
using PoaPlatform.Testing;
using static Microsoft.Playwright.Assertions;

namespace PoaPlatform.Browser.Tests;

/// <summary>Evidence on the action page: a department's editor attaches a file and downloads it, a disguised executable
/// and a 50 MiB file are refused in Spanish, and the planning unit validates the file.</summary>
[Collection(SiteCollection.Name)]
public sealed class EvidencePageTests(PoaSite site)
{
    [Fact]
    public async Task AnEditorAttachesAPdfToAMonthDownloadsItAndAPlannerValidatesItWhileAnExecutableAndFiftyMegabytesAreRefused()
    {
        var pdf = Encoding.ASCII.GetBytes($"%PDF-1.4\n% acta {Guid.NewGuid():N}\ntrailer << >>\n%%EOF\n");
        using var folder = new TemporaryDirectory("poa-evidence-");
        var pdfPath = folder.File("Acta de entrega.pdf");
        var exePath = folder.File("informe.pdf");
        var largePath = folder.File("escaneo.pdf");
        await File.WriteAllBytesAsync(pdfPath, pdf);
        await File.WriteAllBytesAsync(exePath, [.. "MZ"u8, .. new byte[2048]]);
        await using (var large = File.Create(largePath))
        {
            large.Write("%PDF-1.4\n"u8);
            large.SetLength(50L * 1024 * 1024);
        }
        var editor = await site.UserAsync("editor", PoaSite.Department);
        var page = await site.OpenAsync($"/poa/2021/{PoaSite.Department}/3", editor);
        await Expect(page.GetByTestId("evidence-file-form")).ToBeVisibleAsync();

        // A program renamed .pdf: refused by its content, said in Spanish.
        await page.GetByTestId("evidence-file").SetInputFilesAsync(exePath);
        await page.GetByTestId("evidence-upload").ClickAsync();
        await Expect(page.GetByTestId("form-status")).ToHaveClassAsync("status error");
        await Expect(page.GetByTestId("form-status")).ToContainTextAsync("El contenido del archivo no es un PDF");

        // 50 MiB, over the 10 MiB limit: refused, said in Spanish, nothing listed.
        await page.GetByTestId("evidence-file").SetInputFilesAsync(largePath);
        await page.GetByTestId("evidence-upload").ClickAsync();
        await Expect(page.GetByTestId("form-status")).ToContainTextAsync("El archivo es demasiado grande");
        await Expect(page.GetByTestId("evidence-none")).ToBeVisibleAsync();

        await page.GetByTestId("evidence-activity").SelectOptionAsync("1");
        await page.GetByTestId("evidence-month").SelectOptionAsync("3");
        await page.GetByTestId("evidence-file").SetInputFilesAsync(pdfPath);
        await page.GetByTestId("evidence-upload").ClickAsync();
        await Expect(page.GetByTestId("form-status")).ToHaveTextAsync("Evidencia adjunta: Acta de entrega.pdf.");
        var row = page.Locator("[data-testid=evidence-list] tbody tr").Filter(new() { HasText = "Acta de entrega.pdf" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Actividad 1");
        await Expect(row).ToContainTextAsync("MAR");
        await Expect(row).ToContainTextAsync(editor.Email);
        await Expect(row).ToContainTextAsync("Pendiente de revisión");

        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "Acta de entrega.pdf" }).ClickAsync());
        Assert.Equal("Acta de entrega.pdf", download.SuggestedFilename);
        Assert.Equal(pdf, await File.ReadAllBytesAsync((await download.PathAsync())!));
        await PoaSite.ScreenshotAsync(page, "action-evidence");

        var planner = await site.OpenAsync($"/poa/2021/{PoaSite.Department}/3", await site.UserAsync("planner"));
        var plannerRow = planner.Locator("[data-testid=evidence-list] tbody tr").Filter(new() { HasText = "Acta de entrega.pdf" });
        var id = (await plannerRow.GetAttributeAsync("data-testid"))!["evidence-".Length..];
        await planner.GetByTestId($"evidence-{id}-comment").FillAsync("Coincide con el avance de marzo.");
        await planner.GetByTestId($"evidence-{id}-validate").ClickAsync();
        await Expect(planner.GetByTestId($"evidence-{id}-status")).ToHaveAttributeAsync("data-value", "VALIDATED");
        await Expect(plannerRow).ToContainTextAsync("Coincide con el avance de marzo.");
    }
}
