using System.Globalization;
using PoaPlatform.Domain.Import;

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
                var firstLine = sources?[firstIndex[number]].Line;
                var where = firstLine is { } l ? $" (first at line {l})" : "";
                findings.Add(Warning(FindingCodes.DuplicateAction,
                    $"Action {number} \"{actions[i].Name}\" appears more than once in {DepartmentName(department)}{where}; each copy is kept.",
                    sources?[i].Line, number, department: department));
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
                findings.Add(Warning(FindingCodes.DuplicateAction,
                    $"The summary sheet lists action {row.Number} \"{row.Name}\" again (first at line {firstLine[row.Number]}).",
                    row.Line, row.Number, department: department));
                continue;
            }
            var action = FirstWithNumber(actions, row.Number);
            if (action is not null && action.Investment != row.Investment)
            {
                findings.Add(Warning(FindingCodes.SummaryInvestmentMismatch,
                    $"The summary sheet lists action {row.Number} \"{row.Name}\" with {Money.Format(row.Investment)}, " +
                    $"but its detailed block declares {Money.Format(action.Investment)}.",
                    row.Line, row.Number, action.Investment, row.Investment, department));
            }
        }
        // A sum too large for a decimal comes from values the rules refuse; there is no mismatch to report then.
        if (sheet.Total is { } total && Sums.Checked(sheet.Rows.Select(r => r.Investment)) is { } rowsTotal && total != rowsTotal)
        {
            findings.Add(Warning(FindingCodes.SummaryTotalMismatch,
                $"The summary sheet's Total is {Money.Format(total)}, but its {sheet.Rows.Count} rows add up to {Money.Format(rowsTotal)}.",
                sheet.TotalLine, null, rowsTotal, total, department));
        }
        return findings;
    }

    /// <summary>Every check over a document read with its sources, ordered by line.</summary>
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
        }
        return [.. findings.OrderBy(f => f.Line ?? int.MaxValue)];
    }

    private static List<Finding> Check(PoaAction action, ActionSource? source, string? department)
    {
        var findings = new List<Finding>();
        for (var i = 0; i < action.Activities.Count; i++)
        {
            var activity = action.Activities[i];
            if (Sums.Checked(activity.Monthly) is { } months && months != activity.AnnualTarget)
            {
                findings.Add(Warning(FindingCodes.AnnualTargetMismatch,
                    $"Action {action.Number}, activity {i + 1} \"{Shorten(activity.Description)}\": the annual target is " +
                    $"{Quantity(activity.AnnualTarget)}, but its months ENE..DIC add up to {Quantity(months)}.",
                    source?.ActivityLine(i), action.Number, months, activity.AnnualTarget, department));
            }
        }

        if (action.Activities.Count > 0 && Sums.Checked(action.Activities.Select(a => a.Investment)) is { } sum && sum != action.Investment)
        {
            findings.Add(Warning(FindingCodes.ActionInvestmentMismatch,
                $"Action {action.Number} \"{action.Name}\" declares an investment of {Money.Format(action.Investment)}, " +
                $"but its {action.Activities.Count} activities add up to {Money.Format(sum)} (a difference of {Money.Format(action.Investment - sum)}).",
                source?.InvestmentLine ?? source?.Line, action.Number, sum, action.Investment, department));
        }

        foreach (var item in action.BudgetItems)
        {
            if (!item.IsValid)
            {
                findings.Add(Warning(FindingCodes.InvalidBudgetItem,
                    $"Action {action.Number} \"{action.Name}\": partida presupuestal \"{item.Code}\" is not a 4-digit code of chapters 1000 to 9000.",
                    source?.BudgetItemsLine ?? source?.Line, action.Number, department: department));
            }
        }
        return findings;
    }

    private static PoaAction? FirstWithNumber(IReadOnlyList<PoaAction> actions, int number)
    {
        foreach (var action in actions)
        {
            if (action.Number == number)
                return action;
        }
        return null;
    }

    private static Finding Warning(string code, string message, int? line, int? actionNumber,
        decimal? expected = null, decimal? actual = null, string? department = null) =>
        new(code, FindingSeverity.Warning, message, line, actionNumber, expected, actual, department);

    private static string DepartmentName(string? department) => department is null ? "the department" : $"\"{department}\"";

    private static string Quantity(decimal value) => value.ToString("#,##0.##########", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
