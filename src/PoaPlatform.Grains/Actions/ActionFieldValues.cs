using System.Globalization;

namespace PoaPlatform.Grains.Actions;

/// <summary>Renders any versioned field of an action as text: what the audit trail records and a conflict reports.</summary>
/// <remarks>Comparing these renderings is also how a command tells a real change from a rewrite of the same value.</remarks>
internal static class ActionFieldValues
{
    public static string? Describe(ActionState state, string field)
    {
        if (!field.StartsWith("activity/", StringComparison.Ordinal))
            return DescribeActionField(state.Fields, field);

        var parts = field.Split('/');
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return null;
        var activity = state.Activity(id);
        if (activity is null)
            return null;
        if (parts.Length == 2)
            return activity.Programming.Description;
        if (parts.Length == 4 && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var month) && Month.IsValid(month))
            return parts[2] switch
            {
                "target" => Number(activity.Programming.Monthly.OfMonth(month)),
                "progress" => Progress(activity, month),
                _ => null,
            };
        var programming = activity.Programming;
        return parts[2] switch
        {
            "description" => programming.Description,
            "responsibleArea" => programming.ResponsibleArea,
            "unit" => programming.Unit,
            "indicator" => programming.Indicator,
            "investment" => Number(programming.Investment),
            "annualTarget" => Number(programming.AnnualTarget),
            _ => null,
        };
    }

    private static string? DescribeActionField(ActionFields? fields, string field) => fields is null ? null : field switch
    {
        FieldNames.Action => $"{fields.Number} {fields.Name}",
        FieldNames.Name => fields.Name,
        FieldNames.Axes => string.Join(" / ", fields.Axes),
        FieldNames.Goal => fields.Goal,
        FieldNames.Objective => fields.Objective,
        FieldNames.Strategy => fields.Strategy,
        FieldNames.Purpose => fields.Purpose,
        FieldNames.Beneficiaries => fields.Beneficiaries.ToString(),
        FieldNames.Investment => Number(fields.Investment),
        FieldNames.BudgetItems => string.Join(", ", fields.BudgetItems.Select(b => b.Code)),
        _ => null,
    };

    private static string? Progress(ActivityState activity, int month)
    {
        var i = month - 1;
        if (activity.Achieved[i] == 0 && activity.Spent[i] == 0 && activity.Notes[i] is null)
            return null;
        return $"achieved {Number(activity.Achieved[i])}; spent {Number(activity.Spent[i])}; note {activity.Notes[i] ?? ""}";
    }

    /// <summary>Invariant, without trailing zeros: 350.00 and 350 are the same value.</summary>
    public static string Number(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
