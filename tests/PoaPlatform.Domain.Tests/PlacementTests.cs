using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Testing;
using static PoaPlatform.Domain.Tests.SeedEdits;

namespace PoaPlatform.Domain.Tests;

/// <summary>Where a label's value may stand, and what happens to cells no label claims.</summary>
public class PlacementTests
{
    private static PoaAction ActionOf(string text, int number) => PoaReader.Read(text).Departments[0].Actions.Single(a => a.Number == number);

    [Fact]
    public void BudgetItemsTwoRowsBelowTheirLabelUnderTheStrategyAndPurposeValuesAreRead()
    {
        // Action 7 (lines 89-90): move its codes from under the label (line 90) to a row of their own below it.
        var text = Edit(lines =>
        {
            var values = lines[89].Split('\t');
            var codes = values[8];
            values[8] = "";
            lines[89] = string.Join('\t', values);
            return [.. lines[..90], new string('\t', 8) + codes, .. lines[90..]];
        });
        var read = PoaReader.ReadWithSource(text);
        var seven = read.Document.Departments[0].Actions.Single(a => a.Number == 7);
        Assert.Equal(["4411", "4412", "4481"], seven.BudgetItems.Select(b => b.Code));
        Assert.Equal(91, read.SourceOf(seven)!.BudgetItemsLine);
        Assert.DoesNotContain(read.Document.Findings, f => f.Code == FindingCodes.UnreadCell);
    }

    [Fact]
    public void AValueRightOfItsLabelOnTheSameRowIsRead()
    {
        // "SECRETARÍA  Secretaría Particular" side by side, as offices often type it.
        var text = Edit(lines =>
        {
            lines[6] = "SECRETARÍA\tSecretaría Particular\t\t\t\t\tNOMBRE DE LA ACCIÓN\tRecepción de correspondencia" + new string('\t', 11) + "BENEFICIARIOS\t1950 H / 2250 M";
            lines[7] = "";
            return lines;
        });
        var two = ActionOf(text, 2);
        Assert.Equal(("Recepción de correspondencia", 1950), (two.Name, two.Beneficiaries.Men));
        Assert.Equal("Secretaría Particular", PoaReader.Read(text).Departments[0].Name);
        Assert.DoesNotContain(PoaReader.Read(text).Findings, f => f.Code == FindingCodes.UnreadCell);
    }

    [Fact]
    public void AValueFurtherDownAfterBlankRowsStillBelongsToItsLabel()
    {
        var text = Edit(lines => [.. lines[..13], "", "\t", .. lines[13..]]);
        Assert.Equal("Atender, gestionar, orientar y dar solución a todas las solicitudes de manera oportuna y eficiente.", ActionOf(text, 2).Purpose);
    }

    [Fact]
    public void ACellNoLabelClaimsIsAnUnreadCellWithItsPlaceAndValue()
    {
        // Line 17 ends with a tab: its 19th cell is empty in the seed.
        var text = Edit(lines =>
        {
            lines[16] += "ver nota del área";
            return lines;
        });
        var finding = Assert.Single(PoaReader.Read(text).Findings, f => f.Code == FindingCodes.UnreadCell);
        Assert.Equal((17, 19, "ver nota del área"), (finding.Line, finding.Column, finding.Parameter("value")));
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("line 17, column 19", finding.Message, StringComparison.Ordinal);
        Assert.Contains("línea 17, columna 19", finding.MessageIn(FindingLanguage.Spanish), StringComparison.Ordinal);
    }

    [Fact]
    public void ASecondValueUnderALabelIsReportedNotAppendedOrDropped()
    {
        var text = Edit(lines => [.. lines[..10], "Segunda meta", .. lines[10..]]);
        var document = PoaReader.Read(text);
        var finding = Assert.Single(document.Findings, f => f.Code == FindingCodes.UnreadCell);
        Assert.Equal((11, 1, "Segunda meta"), (finding.Line, finding.Column, finding.Parameter("value")));
        Assert.Equal("Brindar una atención eficiente y de calidad a la ciudadanía", document.Departments[0].Actions[1].Objective);
    }

    [Fact]
    public void TextBeforeTheFirstBlockIsReportedAsUnreadNotAnError()
    {
        var text = Edit(lines => ["H. Ayuntamiento de Zacatecas", .. lines[1..]]);
        var document = PoaReader.Read(text);
        var finding = Assert.Single(document.Findings, f => f.Code == FindingCodes.UnreadCell);
        Assert.Equal((1, 1), (finding.Line, finding.Column));
        Assert.Equal(7_458_446.61m, document.Totals.Investment);
    }

    [Fact]
    public void ANoteRowBesideTheActivityTableIsNoActivity()
    {
        var text = Edit(lines => [.. lines[..17], new string('\t', 19) + "nota", .. lines[17..]]);
        var document = PoaReader.Read(text);
        Assert.Single(document.Departments[0].Actions[1].Activities);
        Assert.Equal((18, 20), Assert.Single(document.Findings, f => f.Code == FindingCodes.UnreadCell) is var f ? (f.Line!.Value, f.Column!.Value) : default);
    }

    [Fact]
    public void ADetailedActionTheSummarySheetLacksIsReported()
    {
        var line = LineStartingWith("7\tAyudas");
        var text = Edit(lines => [.. lines[..(line - 1)], .. lines[line..]]);
        var document = PoaReader.Read(text);
        var finding = Assert.Single(document.Findings, f => f.Code == FindingCodes.SummaryActionMissing);
        Assert.Equal((7, 81), (finding.ActionNumber!.Value, finding.Line!.Value));
        Assert.Contains("Ayudas sociales", finding.Message, StringComparison.Ordinal);
        Assert.Contains("hoja resumen", finding.MessageIn(FindingLanguage.Spanish), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutASummarySheetNothingIsMissingFromIt()
    {
        var start = LineStartingWith("DESPACHO PRESIDENCIA");
        var text = Edit(lines => lines[..(start - 1)]);
        Assert.DoesNotContain(PoaReader.Read(text).Findings, f => f.Code == FindingCodes.SummaryActionMissing);
    }

    [Fact]
    public void ASummarySheetBeforeTheBlocksBelongsToTheirDepartment()
    {
        var start = LineStartingWith("DESPACHO PRESIDENCIA");
        var text = Edit(lines => [.. lines[(start - 1)..], "", .. lines[..(start - 1)]]);
        var read = PoaReader.ReadWithSource(text);
        Assert.Single(read.Departments[0].SummarySheets);
        Assert.Equal(9, read.Document.Departments[0].Actions.Count);
        Assert.Equal(PoaJson.Serialize(PoaReader.Read(Samples.SeedText) with { Findings = [] }), PoaJson.Serialize(read.Document with { Findings = [] }));
    }
}
