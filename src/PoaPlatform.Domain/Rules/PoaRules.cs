using System.Globalization;

namespace PoaPlatform.Domain.Rules;

/// <summary>What a value breaks and how to fix it. <see cref="Field"/> names the input field (<c>name</c>,
/// <c>activities[2].investment</c>, <c>month</c>, ...).</summary>
public sealed record RuleViolation(string Field, string Message);

/// <summary>
/// The rules every POA value obeys, whichever way it arrives: a GraphQL command, an import, the CLI. Each check
/// returns the first violation, or null. An invalid CONAC code is not a violation but a finding
/// (<see cref="FindingCodes.InvalidBudgetItem"/>) on every path: offices write what their budget office gave them, and
/// the POA keeps it and flags it rather than refusing the action (docs/decisions/0006).
/// </summary>
public static class PoaRules
{
    /// <summary>Fiscal years the platform accepts.</summary>
    public const int MinYear = 1980;

    public const int MaxYear = 2100;

    /// <summary>The longest text of any field.</summary>
    public const int MaxTextLength = 4000;

    public static RuleViolation? Year(int year) =>
        year is < MinYear or > MaxYear
            ? new("year", $"The year {year} is outside {MinYear} to {MaxYear}; give the fiscal year of the POA, e.g. 2021.")
            : null;

    public static RuleViolation? ActionNumber(int number) =>
        number < 1 ? new("number", $"The action number is {number}; number actions from 1.") : null;

    /// <summary>An action with its activities, as a create, an update (the action after it) or an import leaves it.</summary>
    public static RuleViolation? Action(PoaAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var error = ActionNumber(action.Number)
            ?? Required("name", action.Name, "An action needs a name.")
            ?? Texts(("name", action.Name), ("goal", action.Goal), ("objective", action.Objective), ("strategy", action.Strategy), ("purpose", action.Purpose))
            ?? Texts([.. action.Axes.Select((axis, i) => ($"axes[{i}]", (string?)axis))])
            ?? Texts([.. action.BudgetItems.Select((item, i) => ($"budgetItems[{i}]", (string?)item.Code))])
            ?? Money("investment", action.Investment)
            ?? Beneficiaries(action.Beneficiaries);
        if (error is not null)
            return error;
        var ids = new HashSet<int>();
        for (var i = 0; i < action.Activities.Count; i++)
        {
            var activity = action.Activities[i];
            if (!ids.Add(activity.Id))
                return new($"activities[{i}].id", $"Activity id {activity.Id} is given twice; each activity of an action has its own id.");
            if (Activity(activity, $"activities[{i}].") is { } invalid)
                return invalid;
        }
        return null;
    }

    /// <summary>One activity; <paramref name="prefix"/> places its fields within a larger input.</summary>
    public static RuleViolation? Activity(Activity activity, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(activity);
        return Required(prefix + "description", activity.Description, "An activity needs a description.")
            ?? Texts((prefix + "description", activity.Description), (prefix + "responsibleArea", activity.ResponsibleArea),
                (prefix + "unit", activity.Unit), (prefix + "indicator", activity.Indicator))
            ?? Money(prefix + "investment", activity.Investment)
            ?? Quantity(prefix + "annualTarget", activity.AnnualTarget)
            ?? Enumerable.Range(1, 12).Select(m => Quantity($"{prefix}monthlyTargets[{Model.Month.Name(m)}]", activity.Monthly.OfMonth(m)))
                .FirstOrDefault(v => v is not null);
    }

    public static RuleViolation? Month(int month) =>
        Model.Month.IsValid(month) ? null : new("month", $"Month {month} is outside 1 (ENE) to 12 (DIC).");

    /// <summary>Targets for some months of an activity: each month once, none negative.</summary>
    public static RuleViolation? Targets(IReadOnlyList<MonthValue> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
            return new("targets", "Give at least one month and its target.");
        var seen = new HashSet<int>();
        foreach (var target in targets)
        {
            if (Month(target.Month) is { } month)
                return month;
            if (!seen.Add(target.Month))
                return new("month", $"Month {target.Month} ({Model.Month.Name(target.Month)}) is given twice; give each month once.");
            if (Quantity($"targets[{Model.Month.Name(target.Month)}]", target.Value) is { } negative)
                return negative;
        }
        return null;
    }

    public static RuleViolation? Progress(MonthProgress report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Month(report.Month)
            ?? Quantity("achieved", report.Achieved)
            ?? Money("spent", report.Spent)
            ?? Texts(("note", report.Note));
    }

    private static RuleViolation? Required(string field, string value, string message) =>
        string.IsNullOrWhiteSpace(value) ? new(field, message) : null;

    private static RuleViolation? Money(string field, decimal amount) =>
        amount < 0 ? new(field, $"{field} is {Number(amount)}; an amount in pesos cannot be negative.") : null;

    private static RuleViolation? Quantity(string field, decimal quantity) =>
        quantity < 0 ? new(field, $"{field} is {Number(quantity)}; a quantity cannot be negative.") : null;

    private static RuleViolation? Beneficiaries(Beneficiaries beneficiaries) =>
        beneficiaries.Men < 0 || beneficiaries.Women < 0
            ? new("beneficiaries", $"Beneficiaries {beneficiaries} include a negative number; give men and women as 0 or more.")
            : null;

    private static RuleViolation? Texts(params (string Field, string? Value)[] texts)
    {
        foreach (var (field, value) in texts)
        {
            if (value is { Length: > MaxTextLength })
                return new(field, $"{field} has {value.Length} characters; keep it to {MaxTextLength}.");
        }
        return null;
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
