using System.IO.Compression;
using System.Text;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Testing;
using static PoaPlatform.Domain.Tests.WorkbookEdits;

namespace PoaPlatform.Domain.Tests;

/// <summary>.xlsx as offices have them: formats, merged cells, other programs, and files that are not workbooks.</summary>
public class WorkbookImportTests
{
    private static readonly byte[] Seed = Workbooks.SeedByOurWriter();
    private static readonly string SeedJson = PoaJson.Serialize(PoaReader.Read(Samples.SeedText));

    private static PoaReadResult Read(byte[] bytes, string name = "poa.xlsx") => PoaReader.ReadWithSource(new MemoryStream(bytes), name);

    [Fact]
    public void TheSeedWrittenAsAWorkbookReadsBackToTheSameModel() =>
        Assert.Equal(SeedJson, PoaJson.Serialize(Read(Seed).Document with { Findings = PoaReader.Read(Samples.SeedText).Findings }));

    [Fact]
    public void AMonthHoldingTextIsAnErrorNamingTheSheetAndCell()
    {
        var bytes = Edit(Seed, "Acción 3", "J13", (cell, _) => SetText(cell, "cuatrocientos"));
        var error = Assert.Throws<PoaFormatException>(() => Read(bytes));
        Assert.Equal(("Acción 3", 13, 10, "cuatrocientos"), (error.Sheet, error.Line, error.Column, error.Value));
        Assert.StartsWith("'Acción 3'!J13: ABR must be a number.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMonthExcelTurnedIntoADateIsAnErrorThatSaysSo()
    {
        var bytes = Edit(Seed, "Acción 3", "G13", (cell, part) => SetNumber(cell, 44228, part, "dd/mm/yyyy"));
        var error = Assert.Throws<PoaFormatException>(() => Read(bytes));
        Assert.Contains("date", error.Reason, StringComparison.Ordinal);
        Assert.Equal("01/02/2021", error.Value);
    }

    [Fact]
    public void PercentagesAndDatesInTextFieldsReadAsExcelShowsThem()
    {
        var bytes = Edit(Seed, "Acción 2", "I6", (cell, part) => SetNumber(cell, 1, part, "0%"));
        bytes = Edit(bytes, "Acción 2", "A10", (cell, part) => SetNumber(cell, 44561, part, "dd/mm/yyyy"));
        var two = Read(bytes).Document.Departments[0].Actions.Single(a => a.Number == 2);
        Assert.Equal("100%", two.Goal);
        Assert.Equal("31/12/2021", two.Strategy);
    }

    [Fact]
    public void AmountsInCurrencyAccountingOrPlainNumberFormatsAreTheSameNumber()
    {
        var bytes = Edit(Seed, "Acción 3", "G8", (cell, part) => SetNumber(cell, 487160, part, "_-\"$\"* #,##0.00_-;-\"$\"* #,##0.00_-;_-\"$\"* \"-\"??_-;_-@_-"));
        bytes = Edit(bytes, "Acción 3", "D13", (cell, part) => SetNumber(cell, 181000, part, "#,##0"));
        bytes = Edit(bytes, "Acción 3", "D14", (cell, _) => SetText(cell, "$306,160.00"));
        var three = Read(bytes).Document.Departments[0].Actions.Single(a => a.Number == 3);
        Assert.Equal((487_160m, 181_000m, 306_160m), (three.Investment, three.Activities[0].Investment, three.Activities[1].Investment));
    }

    [Fact]
    public void MergedValueCellsBelongToTheLabelTheirMergeCovers()
    {
        // Our writer merges each value over its label's columns (A:F, G:H, I:R).
        using var archive = new ZipArchive(new MemoryStream(Seed));
        var sheet = new StreamReader(archive.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEnd();
        Assert.Contains("<x:mergeCell ref=\"A4:F4\"", sheet, StringComparison.Ordinal);
        Assert.Equal("Recepción de correspondencia", Read(Seed).Document.Departments[0].Actions.Single(a => a.Number == 2).Name);
    }

    [Fact]
    public void EmptyRowsAndColumnsBeforeTheSeedChangeNothingButThePlaces()
    {
        var shifted = string.Join('\n', Samples.SeedLines.Select(l => "\t\t" + l));
        var bytes = Workbooks.ByMiniExcel("\n\n" + shifted, sheetPerBlock: false);
        var read = Read(bytes).Document;
        Assert.Equal(SeedJson, PoaJson.Serialize(read with { Findings = PoaReader.Read(Samples.SeedText).Findings }));
        var finding = Assert.Single(read.Findings.Problems());
        Assert.Equal(("POA", 49, 9), (finding.Sheet, finding.Line!.Value, finding.Column!.Value));
    }

    [Fact]
    public void FindingsOnAWorkbookNameTheSheetAndCellOfTheValueTheyAreAbout()
    {
        var bytes = Edit(Seed, "Acción 3", "F13", (cell, part) => SetNumber(cell, 1, part));
        bytes = Edit(bytes, "Resumen", "C5", (cell, part) => SetNumber(cell, 487_161, part));
        var findings = Read(bytes).Document.Findings;
        string CellOf(string code) => Assert.Single(findings, f => f.Code == code) is var f ? new CellPlace(f.Sheet, f.Line!.Value, f.Column!.Value).ToString() : "";
        Assert.Equal("'Acción 3'!F13", CellOf(FindingCodes.AnnualTargetMismatch));
        Assert.Equal("'Acción 4'!G8", CellOf(FindingCodes.ActionInvestmentMismatch));
        Assert.Equal("'Resumen'!C5", CellOf(FindingCodes.SummaryInvestmentMismatch));
        Assert.Equal("'Resumen'!C12", CellOf(FindingCodes.SummaryTotalMismatch));
    }

    [Fact]
    public void AnUnreadCellOfAWorkbookIsReportedWithItsSheetAndCell()
    {
        var bytes = Edit(Seed, "Acción 7", "T13", (cell, _) => SetText(cell, "revisar con finanzas"));
        var finding = Assert.Single(Read(bytes).Document.Findings, f => f.Code == FindingCodes.UnreadCell);
        Assert.Equal(("Acción 7", 13, 20), (finding.Sheet, finding.Line!.Value, finding.Column!.Value));
        Assert.Contains("'Acción 7'!T13", finding.Message, StringComparison.Ordinal);
        Assert.Contains("'Acción 7'!T13", finding.MessageIn(FindingLanguage.Spanish), StringComparison.Ordinal);
    }

    [Fact]
    public void ATextRenamedXlsxIsOneClearError()
    {
        var error = Assert.Throws<PoaFormatException>(() => Read(Encoding.UTF8.GetBytes(Samples.SeedText), "poa.xlsx"));
        Assert.Contains("not one", error.Message, StringComparison.Ordinal);
        Assert.Contains(".txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOldXlsOrPasswordProtectedWorkbookIsOneClearError()
    {
        byte[] compound = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];
        foreach (var name in new[] { "poa.xls", "poa.xlsx" })
        {
            var error = Assert.Throws<PoaFormatException>(() => Read(compound, name));
            Assert.Contains(".xls", error.Message, StringComparison.Ordinal);
            Assert.Contains("password", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(100)]
    [InlineData(2000)]
    [InlineData(-200)]
    public void ATruncatedWorkbookIsOneClearError(int keep)
    {
        var bytes = keep > 0 ? Seed[..keep] : Seed[..^(-keep)];
        var error = Assert.Throws<PoaFormatException>(() => Read(bytes));
        Assert.Contains("workbook", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AZipThatIsNoWorkbookIsOneClearError()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(zip.CreateEntry("poa.txt").Open());
            entry.Write(Samples.SeedText);
        }
        Assert.Throws<PoaFormatException>(() => Read(stream.ToArray()));
    }

    [Fact]
    public void SharedTextThatTheWorkbookLacksIsOneClearError()
    {
        var bytes = Edit(Workbooks.SeedByMiniExcel(sheetPerBlock: false), "POA", "A5", (cell, _) =>
        {
            cell.RemoveAllChildren();
            cell.DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.SharedString;
            cell.CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue("99999");
        });
        var error = Assert.Throws<PoaFormatException>(() => Read(bytes));
        Assert.Equal(("POA", 5, 1), (error.Sheet, error.Line, error.Column));
    }
}
