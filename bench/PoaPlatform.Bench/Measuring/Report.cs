using System.Globalization;
using System.Text;

namespace PoaPlatform.Bench.Measuring;

/// <summary>The markdown a benchmark contributes to docs/benchmarks.md, and its verdicts against the targets.</summary>
public sealed class Report
{
    private readonly StringBuilder _markdown = new();

    public List<Verdict> Verdicts { get; } = [];

    public static string F(double value, int decimals = 2) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public Report Line(string text = "")
    {
        _markdown.Append(text).Append('\n');
        return this;
    }

    public Report Table(string[] header, IEnumerable<string[]> rows)
    {
        Line("| " + string.Join(" | ", header) + " |");
        Line("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows)
            Line("| " + string.Join(" | ", row) + " |");
        return Line();
    }

    /// <summary>Records a target: met when <paramref name="measured"/> is at least (or, for lower-is-better, at most) the goal.</summary>
    public Verdict Target(string what, string target, double measured, double goal, bool higherIsBetter, string unit, string command)
    {
        var met = higherIsBetter ? measured >= goal : measured <= goal;
        var by = higherIsBetter ? (goal - measured) / goal : (measured - goal) / goal;
        var verdict = new Verdict(what, target, $"{F(measured)} {unit}".Trim(), met ? "met" : $"missed by {F(by * 100, 0)}%", command);
        Verdicts.Add(verdict);
        return verdict;
    }

    /// <summary>Records a target that could not be measured, and why (the verdict says so in the summary table).</summary>
    public Verdict NotMeasured(string what, string target, string why, string command)
    {
        var verdict = new Verdict(what, target, "not measured", "NOT MEASURED: " + why.Replace("|", "\\|", StringComparison.Ordinal), command);
        Verdicts.Add(verdict);
        return verdict;
    }

    public override string ToString() => _markdown.ToString();
}

public sealed record Verdict(string What, string Target, string Measured, string Result, string Command)
{
    /// <summary>One tab-separated line, gathered by bench/run-all.sh into the summary table.</summary>
    public string ToTsv() => string.Join('\t', What, Target, Measured, Result, Command);
}
