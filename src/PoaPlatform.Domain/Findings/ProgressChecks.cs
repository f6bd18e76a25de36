using static PoaPlatform.Domain.Findings.FindingMessages;

namespace PoaPlatform.Domain.Findings;

/// <summary>What the moments of expenditure an activity reported say against each other, over the year so far.</summary>
/// <remarks>Money moves committed → accrued (devengado) → exercised (ejercido) → paid, so each total is at most the one
/// before it. An activity that reports only the exercised amount (what earlier versions called "spent") is not held to
/// the chain: nothing it reports contradicts anything. Modified differs from approved only through an authorised
/// modification request.</remarks>
public static class ProgressChecks
{
    private static readonly (BudgetMoment Later, BudgetMoment Earlier)[] s_chain =
        [(BudgetMoment.Paid, BudgetMoment.Exercised), (BudgetMoment.Exercised, BudgetMoment.Accrued), (BudgetMoment.Accrued, BudgetMoment.Committed)];

    public static IReadOnlyList<Finding> ForAction(PoaAction action, IReadOnlyList<ActivityProgress> progress, bool hasAuthorizedRequest, string? department = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(progress);
        var findings = new List<Finding>();
        for (var i = 0; i < action.Activities.Count; i++)
        {
            var activity = action.Activities[i];
            // Loops, not LINQ: every command of an action summarizes it again, and this runs for each of its activities.
            var reported = progress.ProgressOf(activity.Id);
            if (reported is null)
                continue;
            var months = reported.Months;
            decimal Total(BudgetMoment moment)
            {
                decimal sum = 0;
                for (var m = 0; m < months.Count; m++)
                    sum += months[m].Of(moment);
                return sum;
            }
            var chained = false;
            for (var m = 0; m < months.Count && !chained; m++)
                chained = months[m].Committed != 0 || months[m].Accrued != 0 || months[m].Paid != 0;
            (string Name, string? Value)[] Where() =>
                [("action", Invariant(action.Number)), ("activity", Invariant(i + 1)), ("description", activity.Description)];
            if (chained)
            {
                foreach (var (later, earlier) in s_chain)
                {
                    var (laterTotal, earlierTotal) = (Total(later), Total(earlier));
                    if (laterTotal > earlierTotal)
                    {
                        findings.Add(ConsistencyChecks.Make(FindingCodes.MomentsOutOfOrder, null, null, action.Number, earlierTotal, laterTotal, department,
                            [.. Where(), ("later", Rules.PoaRules.MomentField(later)), ("laterTotal", Amount(laterTotal)),
                             ("earlier", Rules.PoaRules.MomentField(earlier)), ("earlierTotal", Amount(earlierTotal))]));
                    }
                }
            }
            var (approved, modified) = (Total(BudgetMoment.Approved), Total(BudgetMoment.Modified));
            if (!hasAuthorizedRequest && modified != 0 && modified != approved)
            {
                findings.Add(ConsistencyChecks.Make(FindingCodes.ModifiedWithoutRequest, null, null, action.Number, approved, modified, department,
                    [.. Where(), ("approved", Amount(approved)), ("modified", Amount(modified))]));
            }
        }
        return findings;
    }
}
