using System.IO.Compression;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Testing;

namespace PoaPlatform.Domain.Tests;

/// <summary>What our .xlsx writer puts in a workbook, and that it reads back to the same model.</summary>
public class WorkbookExportTests
{
    private static readonly PoaDocument Seed = PoaReader.Read(Samples.SeedText);

    private static PoaReadResult Read(byte[] bytes) => PoaReader.ReadWithSource(new MemoryStream(bytes), "poa.xlsx");

    private static string Entry(byte[] workbook, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(workbook));
        return new StreamReader(archive.GetEntry(name)!.Open()).ReadToEnd();
    }

    private static string Json(PoaDocument document) => PoaJson.Serialize(document with { Findings = [] });

    [Fact]
    public void TheFlatWorkbookReadsBackToTheSameModelWithItsProgress()
    {
        var progress = new List<ReportedProgress>
        {
            new("Secretaría Particular", 3, 1, 1, 280, 15_000.50m, "Entrega de enero"),
            new("Secretaría Particular", 3, 2, 12, 50, 0, null),
            new("Secretaría Particular", 9, 4, 7, 1, 0, "=suma(a1:a3)"),
        };
        var read = Read(Workbooks.Write(s => PoaXlsx.WriteFlat(Seed, s, progress)));
        Assert.Equal(Json(Seed), Json(read.Document));
        Assert.Equal(progress, read.Progress);
        Assert.Equal(Seed.Findings.Select(f => f.Message).Order(), read.Document.Findings.Select(f => f.Message).Order());
    }

    [Fact]
    public void ASyntheticCityOfSeveralDepartmentsRoundTripsInBothLayouts()
    {
        var city = new PoaDocument(2021, [.. Enumerable.Range(1, 3).Select(d => Seed.Departments[0] with { Name = $"Secretaría {d}" })], []);
        Assert.Equal(Json(city), Json(Read(Workbooks.Write(s => PoaXlsx.Write(city, s))).Document));
        Assert.Equal(Json(city), Json(Read(Workbooks.Write(s => PoaXlsx.WriteFlat(city, s))).Document));
    }

    [Fact]
    public void AmountsAreNumericCellsInPesosAndTheSummaryUsesTheAccountingFormat()
    {
        var workbook = Workbooks.SeedByOurWriter();
        var styles = Entry(workbook, "xl/styles.xml");
        Assert.Contains("formatCode=\"&quot;$&quot;#,##0.00\"", styles, StringComparison.Ordinal);
        Assert.Contains("&quot;-&quot;??", styles, StringComparison.Ordinal);
        var block = Entry(workbook, "xl/worksheets/sheet2.xml");
        Assert.Contains("<x:c r=\"G8\" s=\"2\"><x:v>487160.00</x:v></x:c>", block, StringComparison.Ordinal);
        Assert.Contains("<x:pane ySplit=\"12\" topLeftCell=\"A13\" activePane=\"bottomLeft\" state=\"frozen\" />", block, StringComparison.Ordinal);
        Assert.Contains("<x:col min=\"1\" max=\"1\" width=\"60\" customWidth=\"1\" />", block, StringComparison.Ordinal);
        var workbookXml = Entry(workbook, "xl/workbook.xml");
        Assert.Contains("name=\"Acción 2\"", workbookXml, StringComparison.Ordinal);
        Assert.Contains("name=\"Resumen\"", workbookXml, StringComparison.Ordinal);
    }

    [Fact]
    public void NoExportedCellRunsAsAFormulaAndNumbersStayNumbers()
    {
        var department = Seed.Departments[0];
        var hostile = Seed with
        {
            Departments = [department with { Actions = [.. department.Actions.Select(a => a with { Name = "=HYPERLINK(\"http://x\",\"ver\")", Goal = "+1", Purpose = "@SUM(1)", Investment = -5m })] }],
        };
        var workbook = Workbooks.Write(s => PoaXlsx.Write(hostile, s));
        foreach (var entry in new ZipArchive(new MemoryStream(workbook)).Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
            Assert.DoesNotContain("<x:f", new StreamReader(entry.Open()).ReadToEnd(), StringComparison.Ordinal);
        var sheet = Entry(workbook, "xl/worksheets/sheet2.xml");
        Assert.Contains("<x:c r=\"G4\" s=\"6\" t=\"inlineStr\"><x:is><x:t xml:space=\"preserve\">=HYPERLINK", sheet, StringComparison.Ordinal);
        Assert.Contains("quotePrefix=\"1\"", Entry(workbook, "xl/styles.xml"), StringComparison.Ordinal);
        Assert.Contains("<x:c r=\"G8\" s=\"2\"><x:v>-5</x:v></x:c>", sheet, StringComparison.Ordinal);
        Assert.Equal("=HYPERLINK(\"http://x\",\"ver\")", Read(workbook).Document.Departments[0].Actions[1].Name);

        var csv = PoaCsv.Serialize(hostile);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"ver\"\")\",", csv, StringComparison.Ordinal);
        Assert.Contains(",'+1,", csv, StringComparison.Ordinal);
        Assert.Contains(",'@SUM(1),", csv, StringComparison.Ordinal);
        Assert.Contains(",-5.00,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReadmeNamesExactlyTheCharactersThatAreNeutralised()
    {
        const string Start = "No exported cell runs as a formula: text that starts with ";
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")).ReplaceLineEndings(" ");
        var from = readme.IndexOf(Start, StringComparison.Ordinal);
        Assert.True(from >= 0, "The README no longer says which text is neutralised.");
        from += Start.Length;
        var listed = readme[from..readme.IndexOf(" is neutralised", from, StringComparison.Ordinal)];
        // `=`, `+`, ... are code spans (the odd parts between backticks); a tab and a carriage return are named in words.
        var named = listed.Split('`').Where((_, i) => i % 2 == 1).Select(code => Assert.Single(code)).ToList();
        if (listed.Contains("a tab", StringComparison.Ordinal))
            named.Add('\t');
        if (listed.Contains("a carriage return", StringComparison.Ordinal))
            named.Add('\r');
        var guarded = Enumerable.Range(0, 128).Select(c => (char)c).Where(c => FormulaGuard.IsDangerous(c + "1")).ToList();
        Assert.Equal(guarded.Order(), named.Order());
    }

    [Fact]
    public void ControlCharactersSurviveAWorkbookRoundTrip()
    {
        var department = Seed.Departments[0];
        var odd = Seed with { Departments = [department with { Actions = [department.Actions[1] with { Goal = "a\u0001b _x0041_ c" }] }] };
        Assert.Equal("a\u0001b _x0041_ c", Read(Workbooks.Write(s => PoaXlsx.Write(odd, s))).Document.Departments[0].Actions[0].Goal);
    }
}
