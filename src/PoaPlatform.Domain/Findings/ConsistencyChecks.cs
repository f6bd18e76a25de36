using PoaPlatform.Domain.Import;
using static PoaPlatform.Domain.Findings.FindingMessages;

namespace PoaPlatform.Domain.Findings;

/// <summary>The consistency checks of a POA. They never throw on figures; they report findings.</summary>
public static class ConsistencyChecks
{
    /// <summary>Checks one action (annual targets, investment, partidas), reporting every finding at <paramref name="line"/>.</summary>
    public static IReadOnlyList<Finding> ForAction(PoaAction action, int? line = null, string? department = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Check(action, line is { } at ? ActionSource.At(at) : null, department);
    }

    /// <summary>Checks one action, reporting each finding at the line of the part it is about.</summary>
    public static IReadOnlyList<Finding> ForAction(PoaAction action, ActionSource source, string? department = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(source);
        return Check(action, source, department);
    }

    /// <summary>Actions of one department that share a number; sources (parallel to actions) give the lines.</summary>
    public static IReadOnlyList<Finding> ForDuplicates(IReadOnlyList<PoaAction> actions, IReadOnlyList<ActionSource>? sources = null, string? department = null)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var findings = new List<Finding>();
        var firstIndex = new Dictionary<int, int>();
        for (var i = 0; i < actions.Count; i++)
        {
            var number = actions[i].Number;
            if (!firstIndex.TryAdd(number, i))
            {
                var first = sources?[firstIndex[number]];
                findings.Add(Make(FindingCodes.DuplicateAction, sources?[i].Line, sources?[i].Sheet, number, department: department,
                    parameters: [("action", Invariant(number)), ("name", actions[i].Name), ("firstLine", first is null ? null : Invariant(first.Line))],
                    column: sources?[i].Column));
            }
        }
        return findings;
    }

    /// <summary>A summary sheet against the department's actions: each row against its action, the Total against the rows.</summary>
    public static IReadOnlyList<Finding> ForSummarySheet(SummarySheet sheet, IReadOnlyList<PoaAction> actions, string? department = null)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(actions);
        var findings = new List<Finding>();
        var firstLine = new Dictionary<int, int>();
        foreach (var row in sheet.Rows)
        {
            if (!firstLine.TryAdd(row.Number, row.Line))
            {
                findings.Add(Make(FindingCodes.DuplicateAction, row.Line, sheet.Sheet, row.Number, department: department,
                    parameters: [("action", Invariant(row.Number)), ("name", row.Name), ("summaryFirstLine", Invariant(firstLine[row.Number]))],
                    column: sheet.NumberColumn));
                continue;
            }
            var action = FirstWithNumber(actions, row.Number);
            if (action is not null && action.Investment != row.Investment)
            {
                findings.Add(Make(FindingCodes.SummaryInvestmentMismatch, row.Line, sheet.Sheet, row.Number, action.Investment, row.Investment, department,
                    [("action", Invariant(row.Number)), ("name", row.Name), ("summary", Amount(row.Investment)), ("declared", Amount(action.Investment))],
                    sheet.InvestmentColumn));
            }
        }
        // A sum too large for a decimal comes from values the rules refuse; there is no mismatch to report then.
        if (sheet.Total is { } total && Sums.Checked(sheet.Rows.Select(r => r.Investment)) is { } rowsTotal && total != rowsTotal)
        {
            findings.Add(Make(FindingCodes.SummaryTotalMismatch, sheet.TotalLine, sheet.Sheet, null, rowsTotal, total, department,
                [("total", Amount(total)), ("rows", Invariant(sheet.Rows.Count)), ("rowsTotal", Amount(rowsTotal))], sheet.InvestmentColumn));
        }
        return findings;
    }

    /// <summary>Detailed actions (read from a block) that none of the department's summary sheets lists.</summary>
    public static IReadOnlyList<Finding> ForSummaryCoverage(IReadOnlyList<SummarySheet> sheets, IReadOnlyList<PoaAction> actions,
        IReadOnlyList<ActionSource> sources, string? department = null)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(sources);
        if (sheets.Count == 0)
            return [];
        var listed = sheets.SelectMany(s => s.Rows).Select(r => r.Number).ToHashSet();
        var findings = new List<Finding>();
        var reported = new HashSet<int>();
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            if (sources[i].IsSummaryOnly || listed.Contains(action.Number) || !reported.Add(action.Number))
                continue;
            findings.Add(Make(FindingCodes.SummaryActionMissing, sources[i].Line, sources[i].Sheet, action.Number, department: department,
                parameters: [("action", Invariant(action.Number)), ("name", action.Name)], column: sources[i].Column));
        }
        return findings;
    }

    /// <summary>Every check over a document read with its sources, ordered by sheet and line.</summary>
    public static IReadOnlyList<Finding> ForDocument(PoaReadResult read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var findings = new List<Finding>();
        for (var d = 0; d < read.Document.Departments.Count; d++)
        {
            var department = read.Document.Departments[d];
            var sources = read.Departments[d];
            for (var a = 0; a < department.Actions.Count; a++)
                findings.AddRange(Check(department.Actions[a], sources.Actions[a], department.Name));
            findings.AddRange(ForDuplicates(department.Actions, sources.Actions, department.Name));
            foreach (var sheet in sources.SummarySheets)
                findings.AddRange(ForSummarySheet(sheet, department.Actions, department.Name));
            findings.AddRange(ForSummaryCoverage(sources.SummarySheets, department.Actions, sources.Actions, department.Name));
        }
        return Ordered(findings, read.Sheets);
    }

    /// <summary>Findings by sheet (in workbook order), line and column; findings without a line last.</summary>
    public static IReadOnlyList<Finding> Ordered(IEnumerable<Finding> findings, IReadOnlyList<string>? sheets = null)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < (sheets?.Count ?? 0); i++)
            order.TryAdd(sheets![i], i);
        return [.. findings
            .OrderBy(f => f.Line is null ? int.MaxValue : f.Sheet is { } s && order.TryGetValue(s, out var index) ? index : -1)
            .ThenBy(f => f.Line ?? int.MaxValue)
            .ThenBy(f => f.Column ?? 0)];
    }

    private static List<Finding> Check(PoaAction action, ActionSource? source, string? department)
    {
        var findings = new List<Finding>();
        for (var i = 0; i < action.Activities.Count; i++)
        {
            var activity = action.Activities[i];
            if (activity.Monthly.CheckedTotal() is { } months && months != activity.AnnualTarget)
            {
                var cell = source?.AnnualTargetCell(i);
                findings.Add(Make(FindingCodes.AnnualTargetMismatch, cell?.Line, source?.Sheet, action.Number, months, activity.AnnualTarget, department,
                    [("action", Invariant(action.Number)), ("activity", Invariant(i + 1)), ("description", activity.Description),
                     ("annualTarget", Count(activity.AnnualTarget)), ("monthsTotal", Count(months))], cell?.Column));
            }
        }

        if (action.Activities.Count > 0 && Sums.Checked(action.Activities, static a => a.Investment) is { } sum && sum != action.Investment)
        {
            var cell = source?.InvestmentCell;
            findings.Add(Make(FindingCodes.ActionInvestmentMismatch, cell?.Line, source?.Sheet, action.Number, sum, action.Investment, department,
                [("action", Invariant(action.Number)), ("name", action.Name), ("declared", Amount(action.Investment)),
                 ("activities", Invariant(action.Activities.Count)), ("activitiesTotal", Amount(sum)), ("difference", Amount(action.Investment - sum))], cell?.Column));
        }

        foreach (var item in action.BudgetItems)
        {
            if (!item.IsValid)
            {
                var cell = source?.BudgetItemsCell;
                findings.Add(Make(FindingCodes.InvalidBudgetItem, cell?.Line, source?.Sheet, action.Number, department: department,
                    parameters: [("action", Invariant(action.Number)), ("name", action.Name), ("code", item.Code)], column: cell?.Column));
            }
        }
        if (IndicatorsIncomplete(action, source, department) is { } incomplete)
            findings.Add(incomplete);
        return findings;
    }

    /// <summary>One INDICATOR_INCOMPLETE (info) per action whose indicators lack something: its own indicator (a name
    /// and a sheet) and each activity's sheet. Parameters: <c>actionMissing</c> (comma-separated field names, with
    /// <c>name</c> when the action has no indicator of its own) and <c>activities</c> (<c>1,2=level,method|3=...</c>: the
    /// activities that lack the same fields, then those fields).</summary>
    private static Finding? IndicatorsIncomplete(PoaAction action, ActionSource? source, string? department)
    {
        var ownGaps = action.Sheet.Gaps();
        var activities = ActivityGaps(action.Activities);
        var hasName = action.Indicator.Length > 0;
        if (hasName && ownGaps == 0 && activities.Length == 0)
            return null;
        var own = IndicatorSheet.NamesOf(ownGaps).Joined;
        var actionMissing = hasName ? own : own.Length == 0 ? "name" : "name," + own;
        var finding = Make(FindingCodes.IndicatorIncomplete, source?.Line, source?.Sheet, action.Number, department: department,
            parameters: [("action", Invariant(action.Number)), ("name", action.Name), ("actionMissing", actionMissing),
                ("activities", activities)]);
        return finding with { Severity = FindingSeverity.Info };
    }

    /// <summary>What the activities' sheets lack, activities with the same gaps together, in the order their gaps first
    /// appear: <c>1,3=assumptions|2=unit,baseline</c> (complete sheets left out). An import builds one per action and
    /// every grain that rolls the action up holds it: a sheet-less POA's eight activities take one group, not eight.</summary>
    private static string ActivityGaps(IReadOnlyList<Activity> activities)
    {
        var groups = new List<(int Gaps, List<int> Numbers)>(1);
        for (var i = 0; i < activities.Count; i++)
        {
            var gaps = activities[i].Sheet.Gaps();
            if (gaps == 0)
                continue;
            var group = groups.Count - 1;
            while (group >= 0 && groups[group].Gaps != gaps)
                group--;
            if (group < 0)
                groups.Add((gaps, [i + 1]));
            else
                groups[group].Numbers.Add(i + 1);
        }
        if (groups.Count == 0)
            return "";
        var text = new System.Text.StringBuilder();
        foreach (var (gaps, numbers) in groups)
        {
            if (text.Length > 0)
                text.Append('|');
            text.AppendJoin(',', numbers).Append('=').Append(IndicatorSheet.NamesOf(gaps).Joined);
        }
        // Most actions of a POA give the same text (eight activities, no sheets): one instance for them all.
        var built = text.ToString();
        return s_activityGapTexts.TryGetValue(built, out var shared) ? shared
            : s_activityGapTexts.Count < MaxActivityGapTexts ? s_activityGapTexts.GetOrAdd(built, built) : built;
    }

    private const int MaxActivityGapTexts = 4096;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> s_activityGapTexts = new(StringComparer.Ordinal);

    private static PoaAction? FirstWithNumber(IReadOnlyList<PoaAction> actions, int number)
    {
        foreach (var action in actions)
        {
            if (action.Number == number)
                return action;
        }
        return null;
    }

    /// <summary>A warning whose messages are rendered from its parameters (null values are left out).</summary>
    internal static Finding Make(string code, int? line, string? sheet, int? actionNumber, decimal? expected = null, decimal? actual = null,
        string? department = null, (string Name, string? Value)[]? parameters = null, int? column = null)
    {
        var list = (parameters ?? []).Where(p => p.Value is not null).Select(p => new FindingParameter(p.Name, p.Value!)).ToArray();
        // The message is rendered when read (see Finding.Message).
        return new Finding(code, FindingSeverity.Warning, "", line, actionNumber, expected, actual, department, sheet, column, list);
    }
}
