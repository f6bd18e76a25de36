using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Consolidation;
using PoaPlatform.Domain.Findings;
using PoaPlatform.Domain.Model;

namespace PoaPlatform.Grains.Tests.Infrastructure;

/// <summary>Figures computed from scratch out of the action grains' own state: what every roll-up must equal.</summary>
internal static class Recompute
{
    public static async Task<IReadOnlyList<ActionSnapshot>> SnapshotsAsync(IGrainFactory grains, IEnumerable<string> actionKeys)
    {
        var snapshots = await Task.WhenAll(actionKeys.Select(k => grains.GetGrain<IActionGrain>(k).GetAsync()));
        return snapshots.OfType<ActionSnapshot>().ToArray();
    }

    public static Figures Figures(IEnumerable<ActionSnapshot> snapshots)
    {
        var sum = Abstractions.Consolidation.Figures.Zero;
        foreach (var s in snapshots)
        {
            var programmed = s.Action.Activities.Aggregate(MonthlyValues.Zero, (m, a) => m.Plus(a.Monthly));
            var achieved = s.Progress.Aggregate(MonthlyValues.Zero, (m, p) => m.Plus(p.Achieved));
            var spent = s.Progress.Aggregate(MonthlyValues.Zero, (m, p) => m.Plus(p.Exercised));
            var authorized = (s.Requests ?? []).Any(r => r.Status == ModificationStatus.Authorized);
            var findings = ConsistencyChecks.ForAction(s.Action).Concat(SubmissionChecks.ForAction(s.Action))
                .Concat(ProgressChecks.ForAction(s.Action, s.Progress, authorized)).Problems().Count();
            sum = sum.Plus(new Figures(s.Action.Investment, s.Action.Beneficiaries.Men, s.Action.Beneficiaries.Women,
                s.Action.Beneficiaries, 1, s.Action.Activities.Count, programmed, achieved, spent, findings, Moments: MomentMonths.Of(s.Progress)));
        }
        return sum;
    }

    /// <summary>Investment per axis with equal shares for actions of several axes (six decimals, the last axis takes
    /// the remainder).</summary>
    public static IReadOnlyDictionary<string, decimal> InvestmentByAxis(IEnumerable<ActionSnapshot> snapshots) =>
        snapshots.SelectMany(s => s.Action.Axes.Zip(EqualShares.Split(s.Action.Investment, s.Action.Axes.Count), (axis, share) => (axis, share)))
            .GroupBy(x => x.axis).ToDictionary(g => g.Key, g => g.Sum(x => x.share));

    /// <summary>Per funding source (an activity's, <see cref="ActionSummary.NoSource"/> when it names none): the
    /// investment, programmed and every moment of the activities it funds.</summary>
    public static IReadOnlyDictionary<string, (decimal Investment, MonthlyValues Programmed, MonthlyValues Achieved, MomentMonths Moments, MonthlyValues Exercised)> BySource(
        IEnumerable<ActionSnapshot> snapshots)
    {
        var rows = snapshots.SelectMany(s => s.Action.Activities.Count == 0
            ? [(Source: ActionSummary.NoSource, s.Action.Investment, Programmed: MonthlyValues.Zero, Progress: (ActivityProgress?)null)]
            : s.Action.Activities.Select(a => (Source: a.FundingSource ?? ActionSummary.NoSource, a.Investment, Programmed: a.Monthly, Progress: (ActivityProgress?)s.ProgressOf(a.Id))));
        return rows.GroupBy(r => r.Source).ToDictionary(g => g.Key, g => (
            g.Sum(r => r.Investment),
            g.Aggregate(MonthlyValues.Zero, (m, r) => m.Plus(r.Programmed)),
            g.Aggregate(MonthlyValues.Zero, (m, r) => r.Progress is null ? m : m.Plus(r.Progress.Achieved)),
            MomentMonths.Of([.. g.Select(r => r.Progress).OfType<ActivityProgress>()]),
            g.Aggregate(MonthlyValues.Zero, (m, r) => r.Progress is null ? m : m.Plus(r.Progress.Exercised))));
    }

    public static void AssertEqual(Figures expected, Figures actual, string where)
    {
        foreach (var moment in MonthProgress.Moments)
            Assert.True(expected.Moment(moment).Equals(actual.Moment(moment)), $"{where}: {moment} {actual.Moment(moment)}, recomputed {expected.Moment(moment)}");
        Assert.True(expected.Investment == actual.Investment, $"{where}: investment {actual.Investment}, recomputed {expected.Investment}");
        Assert.True(expected.BeneficiariesMen == actual.BeneficiariesMen, $"{where}: men {actual.BeneficiariesMen}, recomputed {expected.BeneficiariesMen}");
        Assert.True(expected.BeneficiariesWomen == actual.BeneficiariesWomen, $"{where}: women {actual.BeneficiariesWomen}, recomputed {expected.BeneficiariesWomen}");
        Assert.True(expected.LargestCoverage.Total == actual.LargestCoverage.Total, $"{where}: largest coverage {actual.LargestCoverage}, recomputed {expected.LargestCoverage}");
        Assert.True(expected.Actions == actual.Actions, $"{where}: actions {actual.Actions}, recomputed {expected.Actions}");
        Assert.True(expected.Activities == actual.Activities, $"{where}: activities {actual.Activities}, recomputed {expected.Activities}");
        Assert.True(expected.Programmed.Equals(actual.Programmed), $"{where}: programmed {actual.Programmed}, recomputed {expected.Programmed}");
        Assert.True(expected.Achieved.Equals(actual.Achieved), $"{where}: achieved {actual.Achieved}, recomputed {expected.Achieved}");
        Assert.True(expected.Exercised.Equals(actual.Exercised), $"{where}: exercised {actual.Exercised}, recomputed {expected.Exercised}");
        Assert.True(expected.Findings == actual.Findings, $"{where}: findings {actual.Findings}, recomputed {expected.Findings}");
    }
}
