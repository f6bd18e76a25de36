using PoaPlatform.Domain.Import;
using PoaPlatform.Testing;
using static PoaPlatform.Domain.Tests.SeedEdits;

namespace PoaPlatform.Domain.Tests;

/// <summary>Findings carry their code and parameters; each language renders its own text from them.</summary>
public class FindingLanguageTests
{
    [Fact]
    public void TheSeedsMismatchReadsInSpanishWithItsFigures()
    {
        var finding = Assert.Single(PoaReader.Read(Samples.SeedText).Findings.Problems());
        Assert.Equal("4", finding.Parameter("action"));
        Assert.Equal("4181100.00", finding.Parameter("declared"));
        Assert.Equal(
            "La acción 4 «Comunicación institucional» declara una inversión de $4,181,100.00, pero sus 6 actividades suman $4,157,900.00 (diferencia de $23,200.00).",
            finding.MessageIn(FindingLanguage.Spanish));
        Assert.Equal(finding.Message, finding.MessageIn(FindingLanguage.English));
    }

    [Fact]
    public void EveryCodeTheImporterReportsHasItsOwnSpanishText()
    {
        var line = LineStartingWith("9\tRelaciones");
        var text = Edit(lines =>
        {
            lines[16] = lines[16].Replace("\t4,400\t", "\t4,401\t", StringComparison.Ordinal) + "nota";
            lines[49] = lines[49].Replace("3622", "362", StringComparison.Ordinal);
            lines[line - 1] = lines[line - 1].Replace("$ -", "$ 5.00", StringComparison.Ordinal);
            return [.. lines.Where((_, i) => !lines[i].StartsWith("7\tAyudas", StringComparison.Ordinal)), "1\tGasto operativo\t$ 1.00"];
        });
        var findings = PoaReader.Read(text).Findings;
        var codes = findings.Select(f => f.Code).ToHashSet();
        Assert.True(codes.Count >= 7, string.Join(", ", codes));
        Assert.Superset(new HashSet<string> { FindingCodes.AnnualTargetMismatch, FindingCodes.ActionInvestmentMismatch, FindingCodes.InvalidBudgetItem,
            FindingCodes.SummaryInvestmentMismatch, FindingCodes.SummaryTotalMismatch, FindingCodes.SummaryActionMissing, FindingCodes.UnreadCell }, codes);
        foreach (var finding in findings)
        {
            var spanish = finding.MessageIn(FindingLanguage.Spanish);
            Assert.NotEqual(finding.Message, spanish);
            Assert.DoesNotContain(" the ", spanish, StringComparison.Ordinal);
            Assert.NotEmpty(finding.Parameters!);
        }
    }

    [Fact]
    public void AFindingStoredBeforeParametersExistedKeepsItsText()
    {
        var old = new Finding(FindingCodes.ActionInvestmentMismatch, FindingSeverity.Warning, "Old English text", 47, 4);
        Assert.Equal("Old English text", old.MessageIn(FindingLanguage.Spanish));
    }
}
