using static PoaPlatform.Domain.Findings.FindingMessages;

namespace PoaPlatform.Domain.Findings;

/// <summary>What a submission weighs beyond the consistency checks. An activity without a single monthly target cannot
/// be tracked, and a POA without actions has nothing to review: errors, which block the submission. An action without
/// activities is common in real POAs (the seed's "Gasto operativo" is operating expense, not tracked work): a warning,
/// which the department explains.</summary>
public static class SubmissionChecks
{
    /// <summary>The findings of one action's programming.</summary>
    public static IReadOnlyList<Finding> ForAction(PoaAction action, string? department = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        var number = Invariant(action.Number);
        if (action.Activities.Count == 0)
        {
            return [ConsistencyChecks.Make(FindingCodes.ActionWithoutActivities, null, null, action.Number, department: department,
                parameters: [("action", number), ("name", action.Name)])];
        }
        var findings = new List<Finding>();
        for (var i = 0; i < action.Activities.Count; i++)
        {
            var activity = action.Activities[i];
            if (activity.Monthly.Total == 0)
            {
                findings.Add(ConsistencyChecks.Make(FindingCodes.ActivityWithoutTargets, null, null, action.Number, actual: 0, department: department,
                    parameters: [("action", number), ("activity", Invariant(i + 1)), ("description", activity.Description)]) with { Severity = FindingSeverity.Error });
            }
        }
        return findings;
    }

    /// <summary>The error of a department that submits no action at all.</summary>
    public static Finding WithoutActions(string department) =>
        ConsistencyChecks.Make(FindingCodes.PoaWithoutActions, null, null, null, department: department, parameters: []) with { Severity = FindingSeverity.Error };
}
