using System.Globalization;

namespace PoaPlatform.Domain.Findings;

/// <summary>The consistency checks of one action. Findings never stop an import or an edit.</summary>
public static class ConsistencyChecks
{
    public static IReadOnlyList<Finding> ForAction(PoaAction action, int? line = null, string? department = null)
    {
        List<Finding>? findings = null;
        if (action.Activities.Count > 0 && action.ActivitiesInvestment != action.Investment)
        {
            (findings ??= []).Add(new Finding(FindingCodes.ActionInvestmentMismatch, FindingSeverity.Warning,
                $"Action {action.Number} declares an investment of {Money(action.Investment)} but its activities add up to {Money(action.ActivitiesInvestment)}.",
                line, action.Number, action.ActivitiesInvestment, action.Investment, department));
        }
        foreach (var activity in action.Activities)
        {
            if (activity.AnnualTarget != activity.Monthly.Total)
            {
                (findings ??= []).Add(new Finding(FindingCodes.AnnualTargetMismatch, FindingSeverity.Warning,
                    $"Action {action.Number}, activity \"{activity.Description}\": the annual target is {activity.AnnualTarget} but the months add up to {activity.Monthly.Total}.",
                    line, action.Number, activity.Monthly.Total, activity.AnnualTarget, department));
            }
        }
        foreach (var item in action.BudgetItems)
        {
            if (!item.IsValid)
            {
                (findings ??= []).Add(new Finding(FindingCodes.InvalidBudgetItem, FindingSeverity.Warning,
                    $"Action {action.Number}: budget item \"{item.Code}\" is not a 4-digit CONAC code of chapters 1000 to 9000.",
                    line, action.Number, Department: department));
            }
        }
        return findings ?? (IReadOnlyList<Finding>)[];
    }

    private static string Money(decimal amount) => amount.ToString("C2", CultureInfo.GetCultureInfo("es-MX"));
}
