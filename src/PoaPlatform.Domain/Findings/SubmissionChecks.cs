using System.Globalization;

namespace PoaPlatform.Domain.Findings;

/// <summary>What a submission weighs beyond the consistency checks. An activity without a single monthly target cannot
/// be tracked, and a POA without actions has nothing to review: errors, which block the submission. An action without
/// activities is common in real POAs (the seed's "Gasto operativo" is operating expense, not tracked work): a warning,
/// which the department explains.</summary>
public static class SubmissionChecks
{
    /// <summary>The errors of one action's programming.</summary>
    public static IReadOnlyList<Finding> ForAction(PoaAction action, string? department = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        var number = action.Number.ToString(CultureInfo.InvariantCulture);
        if (action.Activities.Count == 0)
        {
            return [new Finding(FindingCodes.ActionWithoutActivities, FindingSeverity.Warning,
                $"Action {number} \"{action.Name}\" has no activities: nothing of it is tracked month by month.",
                ActionNumber: action.Number, Department: department)];
        }
        var findings = new List<Finding>();
        for (var i = 0; i < action.Activities.Count; i++)
        {
            var activity = action.Activities[i];
            if (activity.Monthly.Total == 0)
            {
                findings.Add(new Finding(FindingCodes.ActivityWithoutTargets, FindingSeverity.Error,
                    $"Action {number}, activity {(i + 1).ToString(CultureInfo.InvariantCulture)} \"{activity.Description}\" has no monthly target (ENE..DIC are all zero): program at least one month.",
                    ActionNumber: action.Number, Actual: 0, Department: department));
            }
        }
        return findings;
    }

    /// <summary>The error of a department that submits no action at all.</summary>
    public static Finding WithoutActions(string department) =>
        new(FindingCodes.PoaWithoutActions, FindingSeverity.Error,
            $"The POA of \"{department}\" has no actions: capture its actions before submitting.", Department: department);
}
