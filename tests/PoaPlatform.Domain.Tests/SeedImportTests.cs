using PoaPlatform.Domain.Findings;
using PoaPlatform.Domain.Import;
using PoaPlatform.Domain.Model;
using PoaPlatform.Testing;

namespace PoaPlatform.Domain.Tests;

/// <summary>Every figure of the seed, as read from the text; subclasses read the same seed from workbooks.</summary>
public class SeedImportTests
{
    private static readonly PoaDocument TextSeed = PoaReader.ReadFile(Samples.SeedPath);

    protected virtual PoaDocument Seed => TextSeed;

    private Department Department => Assert.Single(Seed.Departments);

    private PoaAction Action(int number) => Department.Actions.Single(a => a.Number == number);

    /// <summary>The cell (line and column of the text, or sheet and cell of a workbook) where action 4 declares its investment.</summary>
    protected virtual string ActionFourInvestment => "line 47, column 7";

    [Fact]
    public void ImportReadsYearAndDepartmentFromTheBlocks()
    {
        Assert.Equal(2021, Seed.Year);
        Assert.Equal("Secretaría Particular", Department.Name);
        Assert.Equal("secretaria-particular", Department.Slug);
    }

    [Fact]
    public void ImportListsNineActionsInNumberOrder() =>
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9], Department.Actions.Select(a => a.Number));

    [Fact]
    public void ActionsOnlyInTheSummarySheetBecomeSummaryOnlyActions()
    {
        Assert.Equal(PoaAction.SummaryOnly(1, "Gasto operativo", 1_505_186.61m), Action(1));
        Assert.Equal(PoaAction.SummaryOnly(5, "Transparencia", 0m), Action(5));
        Assert.Equal(PoaAction.SummaryOnly(8, "Audiencias", 0m), Action(8));
    }

    [Fact]
    public void ImportReadsTwentyActivitiesSpreadOverTheDetailedActions()
    {
        Assert.Equal(20, Department.Actions.Sum(a => a.Activities.Count));
        Assert.Equal([0, 1, 4, 6, 0, 4, 1, 0, 4], Department.Actions.Select(a => a.Activities.Count));
    }

    [Fact]
    public void ImportReadsTheFieldsOfActionTwo()
    {
        var action = Action(2);
        Assert.Equal("Recepción de correspondencia", action.Name);
        Assert.Equal(["Zacatecas Gobierno de Calidad"], action.Axes);
        Assert.Equal("Dar recepción y trámite al 100% de las solicitudes de la ciudadanía.", action.Goal);
        Assert.Equal("Brindar una atención eficiente y de calidad a la ciudadanía", action.Objective);
        Assert.Equal("Atender, tramitar y dar seguimiento a cada una de las solicitudes de forma eficiente y oportuna", action.Strategy);
        Assert.Equal("Atender, gestionar, orientar y dar solución a todas las solicitudes de manera oportuna y eficiente.", action.Purpose);
        Assert.Equal(new Beneficiaries(1950, 2250), action.Beneficiaries);
        Assert.Equal(0m, action.Investment);
        var activity = Assert.Single(action.Activities);
        Assert.StartsWith("Recepción de documentación (oficios", activity.Description, StringComparison.Ordinal);
        Assert.Equal("Oficialía de Partes", activity.ResponsibleArea);
        Assert.Equal("Documentos", activity.Unit);
        Assert.Equal("Número de documentos recibidos", activity.Indicator);
        Assert.Equal(0m, activity.Investment);
    }

    [Fact]
    public void ImportReadsTheThreePlacementsOfPartidaPresupuestal()
    {
        Assert.Empty(Action(2).BudgetItems);
        Assert.Equal(["3191", "3691", "3821", "3853", "3581", "3471", "2711", "2211", "3231", "3291"], Action(3).BudgetItems.Select(b => b.Code));
        Assert.Equal(["3622", "3661", "2151", "3611"], Action(4).BudgetItems.Select(b => b.Code));
        Assert.Empty(Action(6).BudgetItems);
        Assert.Equal(["4411", "4412", "4481"], Action(7).BudgetItems.Select(b => b.Code));
        Assert.Empty(Action(9).BudgetItems);
    }

    [Fact]
    public void AxesJoinedWithASlashAreSeparateAxes()
    {
        Assert.Equal(["Zacatecas Productivo", "Zacatecas Patrimonio Mundial"], Action(9).Axes);
        Assert.Equal(["Zacatecas Reconstruyendo el Tejido Social"], Action(7).Axes);
    }

    [Theory]
    [InlineData(2, 1950, 2250, "0")]
    [InlineData(3, 10089, 10501, "487160.00")]
    [InlineData(4, 77036, 80884, "4181100.00")]
    [InlineData(6, 77036, 80884, "0")]
    [InlineData(7, 196, 204, "1285000.00")]
    [InlineData(9, 77036, 80884, "0")]
    public void ImportReadsBeneficiariesAndInvestmentOfEachDetailedAction(int number, int men, int women, string investment)
    {
        Assert.Equal(new Beneficiaries(men, women), Action(number).Beneficiaries);
        Assert.Equal(decimal.Parse(investment, System.Globalization.CultureInfo.InvariantCulture), Action(number).Investment);
    }

    public static TheoryData<int, int, string, int, int[]> Activities => new()
    {
        { 2, 0, "0", 4400, [350, 400, 400, 350, 350, 350, 375, 350, 400, 350, 375, 350] },
        { 3, 0, "181000", 4880, [280, 180, 980, 180, 180, 180, 180, 180, 180, 180, 180, 2000] },
        { 3, 1, "306160", 438, [70, 70, 70, 10, 10, 10, 10, 33, 35, 35, 35, 50] },
        { 3, 2, "0", 12, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] },
        { 3, 3, "0", 365, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] },
        { 4, 0, "0", 546, [46, 44, 46, 45, 46, 45, 46, 46, 45, 46, 45, 46] },
        { 4, 1, "3750000", 240, [20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20] },
        { 4, 2, "0", 261, [22, 22, 22, 22, 22, 21, 22, 22, 21, 22, 21, 22] },
        { 4, 3, "407900", 365, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] },
        { 4, 4, "0", 1830, [155, 145, 155, 150, 155, 150, 155, 155, 150, 155, 150, 155] },
        { 4, 5, "0", 365, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] },
        { 6, 0, "0", 12, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] },
        { 6, 1, "0", 48, [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4] },
        { 6, 2, "0", 12, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] },
        { 6, 3, "0", 1, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0] },
        { 7, 0, "1285000", 350, [50, 60, 50, 0, 0, 0, 40, 30, 30, 30, 30, 30] },
        { 9, 0, "0", 8, [0, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0] },
        { 9, 1, "0", 3, [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0] },
        { 9, 2, "0", 1, [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0] },
        { 9, 3, "0", 2, [0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(Activities))]
    public void ImportReadsEveryActivitysInvestmentAnnualTargetAndMonths(int number, int index, string investment, int annual, int[] months)
    {
        var activity = Action(number).Activities[index];
        Assert.Equal(decimal.Parse(investment, System.Globalization.CultureInfo.InvariantCulture), activity.Investment);
        Assert.Equal(annual, activity.AnnualTarget);
        Assert.Equal(months.Select(m => (decimal)m), activity.Monthly);
    }

    [Fact]
    public void TotalsAddUpTheDeclaredInvestmentsAndBeneficiaries()
    {
        Assert.Equal(new PoaTotals(7_458_446.61m, 9, 20, 243_343, 255_607), Seed.Totals);
    }

    [Fact]
    public void ImportReportsInvestmentMismatchOfActionFour()
    {
        var finding = Assert.Single(Seed.Findings.Problems());
        Assert.Equal(FindingCodes.ActionInvestmentMismatch, finding.Code);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal(4, finding.ActionNumber);
        Assert.Equal(4_157_900.00m, finding.Expected);
        Assert.Equal(4_181_100.00m, finding.Actual);
        Assert.Equal(ActionFourInvestment, new CellPlace(finding.Sheet, finding.Line!.Value, finding.Column!.Value).ToString());
        Assert.Equal("Secretaría Particular", finding.Department);
        Assert.Contains("$4,181,100.00", finding.Message, StringComparison.Ordinal);
        Assert.Contains("$4,157,900.00", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSeedHasNoUnreadCellAndNoSummaryGap() =>
        Assert.DoesNotContain(Seed.Findings, f => f.Code is FindingCodes.UnreadCell or FindingCodes.SummaryActionMissing);

    [Fact]
    public void SourceMapGivesTheLinesOfActionsAndActivities()
    {
        var read = PoaReader.ReadWithSource(Samples.SeedText);
        var four = read.SourceOf(read.Document.Departments[0].Actions[3])!;
        Assert.Equal(40, four.Line);
        Assert.Equal(45, four.NumberLine);
        Assert.Equal(47, four.InvestmentLine);
        Assert.Equal(50, four.BudgetItemsLine);
        Assert.Equal([53, 54, 55, 56, 57, 58], four.ActivityLines);
        Assert.Equal((1, 7, 9, 6), (four.Column, four.InvestmentColumn, four.BudgetItemsColumn, four.AnnualTargetColumn));
        var one = read.SourceOf(read.Document.Departments[0].Actions[0])!;
        Assert.Equal(one.Line, one.SummaryLine);
        Assert.Equal("1\tGasto operativo", Samples.SeedLines[one.Line - 1][..17]);
        var sheet = Assert.Single(read.Departments[0].SummarySheets);
        Assert.Equal("DESPACHO PRESIDENCIA", sheet.Heading);
        Assert.Equal(7_458_446.61m, sheet.Total);
        Assert.Equal((1, 3), (sheet.NumberColumn, sheet.InvestmentColumn));
    }
}

/// <summary>The seed written as .xlsx by our writer: a sheet per block and the summary sheet, amounts as numbers.</summary>
public sealed class SeedFromOurWorkbookTests : SeedImportTests
{
    private static readonly PoaDocument Workbook = PoaReader.ReadWithSource(new MemoryStream(Workbooks.SeedByOurWriter()), "poa.xlsx").Document;

    protected override PoaDocument Seed => Workbook;

    protected override string ActionFourInvestment => "'Acción 4'!G8";
}

/// <summary>The seed's cells written as .xlsx by another program (MiniExcel), each block on its own sheet.</summary>
public sealed class SeedFromAnotherProgramsWorkbookTests : SeedImportTests
{
    private static readonly PoaDocument Workbook = PoaReader.ReadWithSource(new MemoryStream(Workbooks.SeedByMiniExcel(sheetPerBlock: true)), "poa.xlsx").Document;

    protected override PoaDocument Seed => Workbook;

    // Block 3 (action 4) starts at its heading: the four blank lines before it stayed on the previous sheet.
    protected override string ActionFourInvestment => "'Bloque 3'!G8";
}

/// <summary>The same, everything on one sheet: lines are rows.</summary>
public sealed class SeedFromOneSheetWorkbookTests : SeedImportTests
{
    private static readonly PoaDocument Workbook = PoaReader.ReadWithSource(new MemoryStream(Workbooks.SeedByMiniExcel(sheetPerBlock: false)), "poa.xlsx").Document;

    protected override PoaDocument Seed => Workbook;

    protected override string ActionFourInvestment => "'POA'!G47";
}
