using PoaPlatform.Domain.Findings;
using PoaPlatform.Domain.Import;
using PoaPlatform.Testing;
using static PoaPlatform.Domain.Tests.SeedEdits;

namespace PoaPlatform.Domain.Tests;

public class FindingTests
{
    private static Finding Only(string text, string code) => Assert.Single(PoaReader.Read(text).Findings, f => f.Code == code);

    [Fact]
    public void AnnualTargetThatIsNotTheSumOfItsMonthsIsReported()
    {
        var finding = Only(ReplaceOnLine(17, "\t4,400\t", "\t4,401\t"), FindingCodes.AnnualTargetMismatch);
        Assert.Equal((17, 6, 2, 4400m, 4401m), (finding.Line, finding.Column, finding.ActionNumber, finding.Expected, finding.Actual));
        Assert.Contains("4,401", finding.Message, StringComparison.Ordinal);
        Assert.Contains("4,400", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FixingActionFourMovesTheMismatchToTheSummarySheet()
    {
        var document = PoaReader.Read(ReplaceOnLine(47, "4,181,100.00", "4,157,900.00"));
        var finding = Assert.Single(document.Findings.Problems());
        Assert.Equal(FindingCodes.SummaryInvestmentMismatch, finding.Code);
        Assert.Equal((LineStartingWith("4\tComunicación"), 3, 4, 4_157_900m, 4_181_100m), (finding.Line, finding.Column, finding.ActionNumber, finding.Expected, finding.Actual));
    }

    [Fact]
    public void SummaryRowThatDisagreesWithItsBlockIsReported()
    {
        var line = LineStartingWith("3\tActividades");
        var finding = Only(ReplaceOnLine(line, "487,160.00", "487,161.00"), FindingCodes.SummaryInvestmentMismatch);
        Assert.Equal((line, 3, 3, 487_160m, 487_161m), (finding.Line, finding.Column, finding.ActionNumber, finding.Expected, finding.Actual));
    }

    [Fact]
    public void SummaryTotalThatIsNotTheSumOfItsRowsIsReported()
    {
        var line = LineStartingWith("\tTotal");
        var finding = Only(ReplaceOnLine(line, "7,458,446.61", "7,458,446.62"), FindingCodes.SummaryTotalMismatch);
        Assert.Equal((line, 3, 7_458_446.61m, 7_458_446.62m), (finding.Line, finding.Column, finding.Expected, finding.Actual));
        Assert.Null(finding.ActionNumber);
    }

    [Fact]
    public void BudgetItemThatIsNotAFourDigitChapterCodeIsReported()
    {
        var finding = Only(ReplaceOnLine(50, "3622", "362"), FindingCodes.InvalidBudgetItem);
        Assert.Equal((50, 9, 4), (finding.Line, finding.Column, finding.ActionNumber));
        Assert.Contains("\"362\"", finding.Message, StringComparison.Ordinal);
        Assert.Equal(FindingCodes.InvalidBudgetItem, Only(ReplaceOnLine(27, "3191", "0191"), FindingCodes.InvalidBudgetItem).Code);
    }

    [Fact]
    public void TwoBlocksWithTheSameNumberAreReportedAndBothKept()
    {
        var text = ReplaceOnLine(26, "\t3\t", "\t2\t");
        var finding = Only(text, FindingCodes.DuplicateAction);
        Assert.Equal((21, 1, 2), (finding.Line, finding.Column, finding.ActionNumber));
        Assert.Equal(2, PoaReader.Read(text).Departments[0].Actions.Count(a => a.Number == 2));
    }

    [Fact]
    public void ASummaryRowListedTwiceIsReported()
    {
        var line = LineStartingWith("9\tRelaciones");
        var text = Edit(lines => [.. lines[..line], lines[line - 1], .. lines[line..]]);
        var finding = Only(text, FindingCodes.DuplicateAction);
        Assert.Equal((line + 1, 1, 9), (finding.Line, finding.Column, finding.ActionNumber));
    }

    [Fact]
    public void FindingsAreWarnings()
    {
        var findings = PoaReader.Read(ReplaceOnLine(17, "\t4,400\t", "\t1\t")).Findings.Problems().ToList();
        Assert.True(findings.Count >= 2, $"{findings.Count} findings");
        Assert.All(findings, f => Assert.Equal(FindingSeverity.Warning, f.Severity));
    }

    [Fact]
    public void ChecksOfASingleActionReportAtTheGivenLine()
    {
        var four = PoaReader.Read(Samples.SeedText).Departments[0].Actions[3];
        var finding = Assert.Single(ConsistencyChecks.ForAction(four, 100, "Secretaría Particular").Problems());
        Assert.Equal((FindingCodes.ActionInvestmentMismatch, 100, null, "Secretaría Particular"), (finding.Code, finding.Line, finding.Column, finding.Department));
        Assert.Empty(ConsistencyChecks.ForAction(four with { Investment = 4_157_900m }).Problems());
    }
}
