using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Consolidation;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Domain.Consolidation;
using PoaPlatform.Domain.Model;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Grains.Actions;
using PoaPlatform.Grains.Consolidation;

namespace PoaPlatform.Grains.Tests;

/// <summary>The roll-ups at the limits of <see cref="PoaRules"/>: the largest city the rules allow, every value at its
/// maximum with every decimal used, sums without overflow and without rounding.</summary>
public sealed class RollUpArithmeticTests
{
    private const string Poa = "limite/2021";

    // The largest values with every decimal the rules allow, so that nothing can round away unnoticed.
    private static readonly decimal s_money = PoaRules.MaxMoney - 0.01m;
    private static readonly decimal s_quantity = PoaRules.MaxQuantity - 0.0001m;

    [Fact]
    public void TheLargestActionTheRulesAllowIsValid() =>
        Assert.Null(PoaRules.Action(LargestAction(1)));

    [Fact]
    public void OneMoreOfAnyValueIsRefusedNamingTheFieldTheSizeAndTheLimit()
    {
        var largest = LargestAction(1);
        var tooMuch = largest with { Investment = PoaRules.MaxMoney + 0.01m };
        var violation = PoaRules.Action(tooMuch)!;
        Assert.Equal("investment", violation.Field);
        Assert.Contains("10,000,000,000,000.01", violation.Message, StringComparison.Ordinal);
        Assert.Contains("10,000,000,000,000", violation.Message, StringComparison.Ordinal);

        var activity = largest.Activities[0] with { Monthly = largest.Activities[0].Monthly.With(5, PoaRules.MaxQuantity + 1) };
        Assert.Equal("activities[0].monthlyTargets[MAY]", PoaRules.Action(largest with { Activities = [activity, .. largest.Activities.Skip(1)] })!.Field);
        Assert.Equal("activities", PoaRules.Action(largest with { Activities = [.. largest.Activities, largest.Activities[0] with { Id = 999 }] })!.Field);
        Assert.Equal("axes", PoaRules.Action(largest with { Axes = [.. largest.Axes, "Otro eje"] })!.Field);
        Assert.Equal("budgetItems", PoaRules.Action(largest with { BudgetItems = [.. Enumerable.Repeat(new BudgetItem("3821"), PoaRules.MaxBudgetItemsPerAction + 1)] })!.Field);
        Assert.Equal("investment", PoaRules.Action(largest with { Investment = 1.005m })!.Field);
        Assert.Equal("beneficiaries", PoaRules.Action(largest with { Beneficiaries = new Beneficiaries(PoaRules.MaxBeneficiaries + 1, 0) })!.Field);
        Assert.Equal("name", PoaRules.Action(largest with { Name = new string('n', PoaRules.MaxNameLength + 1) })!.Field);
        Assert.Equal("achieved", PoaRules.Progress(new MonthProgress(1, PoaRules.MaxQuantity + 0.0001m, 0))!.Field);
        Assert.Equal("exercised", PoaRules.Progress(new MonthProgress(1, 0, s_money, new string('x', 10)) with { Exercised = 0.001m })!.Field);
        Assert.Equal("note", PoaRules.Progress(new MonthProgress(1, 0, 0, new string('x', PoaRules.MaxNoteLength + 1)))!.Field);
    }

    [Fact]
    public void TheLargestPoaTheRulesAllowRollsUpExactlyAndItsComplianceIsDefined()
    {
        var action = Summary(PoaKeys.Action(PoaKeys.Department(Poa, "d0"), 1), LargestAction(1));
        var department = new RollUp<ActionSummary>(a => a.Figures, a => a.AxisShares(), a => a.ChapterShares(), a => a.SourceShares());
        for (var n = 1; n <= PoaRules.MaxActionsPerDepartment; n++)
            Assert.True(department.Set($"{Poa}/d0/{n}", action with { Key = $"{Poa}/d0/{n}", Number = n }));
        var departmentSummary = new DepartmentSummary($"{Poa}/d0", 1, "D0", department.Totals, department.ByAxis, department.ByChapter, []);
        var poa = new RollUp<DepartmentSummary>(d => d.Figures, d => d.ByAxis, d => d.ByChapter, d => d.BySource ?? []);
        for (var d = 0; d < PoaRules.MaxDepartmentsPerPoa; d++)
            Assert.True(poa.Set($"{Poa}/d{d}", departmentSummary with { Key = $"{Poa}/d{d}" }));

        const int actions = PoaRules.MaxActionsPerDepartment * PoaRules.MaxDepartmentsPerPoa;
        var totals = poa.Totals;
        Assert.Equal(actions, totals.Actions);
        Assert.Equal(actions * PoaRules.MaxActivitiesPerAction, totals.Activities);
        Assert.Equal(actions * s_money, totals.Investment);
        Assert.Equal(actions * PoaRules.MaxActivitiesPerAction * s_quantity, totals.Programmed.OfMonth(12));
        Assert.Equal(actions * PoaRules.MaxActivitiesPerAction * s_quantity, totals.Achieved.OfMonth(1));
        Assert.Equal(actions * PoaRules.MaxActivitiesPerAction * s_money, totals.Exercised.OfMonth(7));
        Assert.Equal((long)actions * PoaRules.MaxBeneficiaries, totals.BeneficiariesWomen);
        Assert.Equal(12 * actions * PoaRules.MaxActivitiesPerAction * s_money, totals.Exercised.Total);
        // Every breakdown adds up to the total to the last centavo, and each of its months too.
        Assert.Equal(totals.Investment, poa.ByAxis.Sum(e => e.Investment));
        Assert.Equal(totals.Investment, poa.ByChapter.Sum(e => e.Investment));
        Assert.Equal(totals.Achieved.OfMonth(1), poa.ByAxis.Sum(e => e.Achieved.OfMonth(1)));
        Assert.Equal(totals.Exercised.OfMonth(7), poa.ByChapter.Sum(e => e.Exercised.OfMonth(7)));
        foreach (var entry in poa.ByAxis.Concat(poa.ByChapter))
            Assert.NotNull(Compliance.UpTo(entry.Programmed, entry.Achieved, 12, TrafficLightThresholds.Default).Ratio);
        Assert.Equal(1m, Compliance.UpTo(totals.Programmed, totals.Achieved, 12, TrafficLightThresholds.Default).Ratio);

        // Taking children out and putting them back leaves exactly what a recomputation gives.
        for (var d = 0; d < 50; d++)
            Assert.True(poa.Set($"{Poa}/d{d}", null));
        Assert.Equal((PoaRules.MaxDepartmentsPerPoa - 50) * PoaRules.MaxActionsPerDepartment * s_money, poa.Totals.Investment);
        Assert.Equal(poa.Totals.Investment, poa.ByAxis.Sum(e => e.Investment));
        for (var d = 0; d < 50; d++)
            Assert.True(poa.Set($"{Poa}/d{d}", departmentSummary with { Key = $"{Poa}/d{d}" }));
        Assert.Equal(totals, poa.Totals with { LargestCoverage = totals.LargestCoverage });
        Assert.Equal(totals.Investment, poa.ByAxis.Sum(e => e.Investment));
    }

    [Fact]
    public void TheSmallestProgrammedQuantityAgainstTheLargestAchievementsOfAPoaKeepsARatio()
    {
        // One action programs the smallest quantity the rules allow, shared by ten axes; every other action of the
        // largest POA programs nothing and achieves the most it can.
        var tiny = new Activity(1, "Mínima", "", "", "", 0, 0.0001m, new MonthlyValues(Enumerable.Range(1, 12).Select(m => m == 1 ? 0.0001m : 0m)));
        var tinyAction = Summary($"{Poa}/d0/1", LargestAction(1) with { Activities = [tiny] }, achievedEveryMonth: 0);
        var largest = LargestAction(2);
        var achiever = Summary($"{Poa}/d0/2", largest with { Activities = [.. largest.Activities.Select(a => a with { Monthly = MonthlyValues.Zero, AnnualTarget = 0 })] });
        DepartmentSummary Department(string slug, bool withTiny)
        {
            var rollUp = new RollUp<ActionSummary>(a => a.Figures, a => a.AxisShares(), a => a.ChapterShares(), a => a.SourceShares());
            for (var n = 1; n <= PoaRules.MaxActionsPerDepartment; n++)
                Assert.True(rollUp.Set($"{Poa}/{slug}/{n}", (withTiny && n == 1 ? tinyAction : achiever) with { Key = $"{Poa}/{slug}/{n}", Number = n }));
            return new DepartmentSummary($"{Poa}/{slug}", 1, slug, rollUp.Totals, rollUp.ByAxis, rollUp.ByChapter, []);
        }
        var poa = new RollUp<DepartmentSummary>(d => d.Figures, d => d.ByAxis, d => d.ByChapter, d => d.BySource ?? []);
        Assert.True(poa.Set($"{Poa}/d0", Department("d0", withTiny: true)));
        var other = Department("d1", withTiny: false);
        for (var d = 1; d < PoaRules.MaxDepartmentsPerPoa; d++)
            Assert.True(poa.Set($"{Poa}/d{d}", other with { Key = $"{Poa}/d{d}" }));

        Assert.Equal(0.0001m, poa.Totals.Programmed.OfMonth(1));
        foreach (var entry in poa.ByAxis)
        {
            Assert.Equal(0.00001m, entry.Programmed.OfMonth(1));
            var compliance = Compliance.UpTo(entry.Programmed, entry.Achieved, 1, TrafficLightThresholds.Default);
            Assert.Equal(entry.Achieved.OfMonth(1) / 0.00001m, compliance.Ratio);
            Assert.True(compliance.Ratio > 1e22m, $"{entry.Key}: {compliance.Ratio}");
            Assert.Equal(TrafficLight.Red, compliance.Light);
        }
    }

    [Fact]
    public void SharesThatDoNotDivideEvenlyLeaveNoResidueWhenTheirActionsLeave()
    {
        // Seven axes divide nothing evenly. Shares with 28 significant digits would round as they are added to large
        // sums and leave residues behind when subtracted; six-decimal shares add and subtract exactly.
        var axes = Enumerable.Range(1, 7).Select(i => $"Eje {i}").ToArray();
        var small = Summary($"{Poa}/d0/1", LargestAction(1) with { Axes = axes, Investment = 0.01m, Activities = [] });
        var large = Summary($"{Poa}/d0/2", LargestAction(2) with { Axes = axes });
        var rollUp = new RollUp<ActionSummary>(a => a.Figures, a => a.AxisShares(), a => a.ChapterShares(), a => a.SourceShares());
        Assert.True(rollUp.Set(small.Key, small));
        for (var n = 2; n <= PoaRules.MaxActionsPerDepartment; n++)
            Assert.True(rollUp.Set($"{Poa}/d0/{n}", large with { Key = $"{Poa}/d0/{n}", Number = n }));
        for (var n = 2; n <= PoaRules.MaxActionsPerDepartment; n++)
            Assert.True(rollUp.Set($"{Poa}/d0/{n}", null));

        Assert.Equal(small.AxisShares().Select(s => (s.Key, s.Investment)).OrderBy(s => s.Key),
            rollUp.ByAxis.Select(e => (e.Key, e.Investment)).OrderBy(s => s.Key));
        Assert.Equal(0.01m, rollUp.ByAxis.Sum(e => e.Investment));
        Assert.All(rollUp.ByAxis, e => Assert.Equal(MonthlyValues.Zero, e.Achieved));
    }

    [Fact]
    public void EqualSharesAddUpExactlyWithSixDecimals()
    {
        foreach (var (value, parts) in new[] { (10m, 3), (s_money, 7), (0.01m, 10), (s_quantity * 100, 9), (0m, 4), (1m, 1) })
        {
            var shares = EqualShares.Split(value, parts);
            Assert.Equal(parts, shares.Length);
            Assert.Equal(value, shares.Sum());
            Assert.All(shares, s => Assert.True(decimal.Round(s, EqualShares.Decimals) == s, $"{s} has more than six decimals"));
        }
    }

    [Fact]
    public void MonthlySharesAreTheEqualSharesOfEachMonth()
    {
        var random = new Random(5);
        foreach (var parts in new[] { 1, 2, 3, 7, 16, 17, 40 })
        {
            var values = MonthlyValues.Of([.. Enumerable.Range(0, 12).Select(m => m % 4 == 0 ? 0m : random.Next(0, 1_000_000) / 100m)]);
            var shares = MonthlyShares.Split(values, parts);

            Assert.Equal(parts, shares.Length);
            for (var m = 0; m < 12; m++)
                Assert.Equal(EqualShares.Split(values[m], parts), shares.Select(s => s[m]));
            Assert.All(MonthlyShares.Split(MonthlyValues.Zero, parts), s => Assert.Same(MonthlyValues.Zero, s));
        }
    }

    [Fact]
    public void ASummaryThatWouldOverflowLeavesTheRollUpAsItWas()
    {
        // Only values stored before the ranges existed can do this; the roll-up must not be left half-changed.
        var poa = new RollUp<ActionSummary>(a => a.Figures, a => a.AxisShares(), a => a.ChapterShares(), a => a.SourceShares());
        var huge = Summary($"{Poa}/d0/1", LargestAction(1) with { Investment = decimal.MaxValue });
        Assert.True(poa.Set(huge.Key, huge));
        var before = (poa.Totals, Axes: poa.ByAxis.ToArray(), Children: poa.Children.Count);

        Assert.False(poa.Set($"{Poa}/d0/2", huge with { Key = $"{Poa}/d0/2", Number = 2 }));

        Assert.Equal(before.Totals, poa.Totals);
        Assert.Equal(before.Axes, poa.ByAxis);
        Assert.Equal(before.Children, poa.Children.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AfterThousandsOfRandomPushesTheIncrementalRollUpEqualsOneBuiltFromTheChildrenItHolds(int seed)
    {
        // Few distinct coverages, so that the largest is often tied, shrinks or leaves; removals reorder the dictionary.
        var random = new Random(seed);
        var axes = new[] { "Eje A", "Eje B", "Eje C" };
        var rollUp = NewRollUp();
        for (var push = 0; push < 4000; push++)
        {
            var number = random.Next(1, 60);
            var key = $"{Poa}/d0/{number}";
            if (random.Next(8) == 0)
            {
                Assert.True(rollUp.Set(key, null));
            }
            else
            {
                var coverage = new Beneficiaries(random.Next(0, 4) * 100, random.Next(0, 4) * 100);
                var action = new PoaAction(number, $"Acción {number}", [.. axes.Where(_ => random.Next(2) == 0)], "", "", "", "",
                    coverage, random.Next(0, 1000) * 10.5m, [new BudgetItem(random.Next(2) == 0 ? "3191" : "6141")],
                    [.. Enumerable.Range(1, random.Next(0, 3)).Select(i => new Activity(i, $"A{i}", "", "", "", random.Next(0, 9) * 100m, 12, new MonthlyValues(Enumerable.Repeat(1m, 12))))]);
                var state = new ActionState { Version = push + 1, Content = new ActionContent(action, [], action.Activities.Count + 1) };
                Assert.True(rollUp.Set(key, state.Summarize(key)));
            }
            if (push % 97 != 0)
                continue;
            // What the roll-up answers now equals a roll-up built from scratch over the same children, in the same
            // order of insertion (the largest coverage of a tie is the first child's, as it always was).
            var rebuilt = NewRollUp();
            foreach (var child in rollUp.Children)
                Assert.True(rebuilt.Set(child.Key, child));
            Assert.Equal(rebuilt.Totals, rollUp.Totals);
            Assert.Equal(rollUp.Children.Aggregate(Beneficiaries.None, (m, c) => Figures.Larger(m, c.Figures.LargestCoverage)), rollUp.Totals.LargestCoverage);
            Assert.Equal(rebuilt.ByAxis, rollUp.ByAxis);
            Assert.Equal(rebuilt.ByChapter, rollUp.ByChapter);
            Assert.Equal(rebuilt.BySource, rollUp.BySource);
            Assert.Equal(rollUp.Children.OrderBy(c => c.Number).Select(c => c.Key), rollUp.Ordered.Select(c => c.Key));
            Assert.Equal(rollUp.Children.Sum(c => c.Figures.Investment), rollUp.Totals.Investment);
        }

        static RollUp<ActionSummary> NewRollUp() =>
            new(a => a.Figures, a => a.AxisShares(), a => a.ChapterShares(), a => a.SourceShares(), actions => actions.OrderBy(a => a.Number));
    }

    /// <summary>An action with every count and value at the most the rules allow.</summary>
    internal static PoaAction LargestAction(int number)
    {
        var monthly = new MonthlyValues(Enumerable.Repeat(s_quantity, 12));
        // The annual target is at most one quantity, so the months' sum differs from it: a finding, not a refusal.
        var activities = Enumerable.Range(1, PoaRules.MaxActivitiesPerAction)
            .Select(i => new Activity(i, $"Actividad {i}", "Área", "Unidad", "Indicador", s_money, s_quantity, monthly))
            .ToArray();
        var items = Enumerable.Range(0, PoaRules.MaxBudgetItemsPerAction).Select(i => new BudgetItem($"{1 + (i % 9)}{i:000}")).ToArray();
        var axes = Enumerable.Range(1, PoaRules.MaxAxesPerAction).Select(i => $"Eje {i}").ToArray();
        return new PoaAction(number, "Acción al límite", axes, "Meta", "Objetivo", "Estrategia", "Propósito",
            new Beneficiaries(PoaRules.MaxBeneficiaries, PoaRules.MaxBeneficiaries), s_money, items, activities);
    }

    /// <summary>The summary an action grain pushes, with every month of every activity achieved and spent.</summary>
    /// <summary>A parent started from its snapshot holds copies; the child's own summary of the same version and figures
    /// takes a copy's place without moving totals or generation, and anything else is refused (it must go through Set).</summary>
    [Fact]
    public void TheChildsOwnSummaryTakesThePlaceOfAnEqualCopyAndNothingElseDoes()
    {
        var key = $"{Poa}/d0/1";
        var copy = Summary(key, LargestAction(1), achievedEveryMonth: 3);
        var own = Summary(key, LargestAction(1), achievedEveryMonth: 3);
        var rollUp = new RollUp<ActionSummary>(a => a.Figures, a => a.AxisShares(), a => a.ChapterShares(), a => a.SourceShares());
        Assert.True(rollUp.Set(key, copy));
        var (totals, generation, ordered) = (rollUp.Totals, rollUp.Generation, rollUp.Ordered);

        Assert.True(rollUp.Share(key, own, a => a.Version));

        Assert.Same(own, rollUp.Get(key));
        Assert.Same(own, Assert.Single(rollUp.Ordered));
        Assert.NotSame(ordered, rollUp.Ordered);
        Assert.Equal((totals, generation), (rollUp.Totals, rollUp.Generation));
        Assert.False(rollUp.Share(key, own, a => a.Version));
        Assert.False(rollUp.Share(key, own with { Version = 2 }, a => a.Version));
        Assert.False(rollUp.Share(key, Summary(key, LargestAction(1), achievedEveryMonth: 4), a => a.Version));
        Assert.False(rollUp.Share($"{Poa}/d0/2", own, a => a.Version));
        Assert.Same(own, rollUp.Get(key));
    }

    /// <summary>A department's new summary shares the entries it did not change with its old one: those instances cancel
    /// out in the POA's breakdown, and what remains equals a breakdown built from the new entries alone, also when an
    /// instance appears twice, when the order changes, and when a copy (equal, not the same) comes instead.</summary>
    [Fact]
    public void SharedEntriesCancelOutAndTheBreakdownEqualsOneBuiltFromTheNewEntries()
    {
        static BreakdownEntry Entry(string key, int actions, decimal investment, decimal achieved) => new(key, actions, investment,
            MonthlyValues.Of([.. Enumerable.Repeat(investment / 12, 12)]), MonthlyValues.Of([.. Enumerable.Repeat(achieved, 12)]),
            MonthlyValues.Zero, MomentMonths.Zero);
        var (a, b, c) = (Entry("1", 3, 120.5m, 1), Entry("2", 2, 60.25m, 0.5m), Entry("3", 1, 12m, 0));
        var aNew = Entry("1", 3, 120.5m, 2);
        var bCopy = b with { };
        var twice = Entry("4", 1, 24m, 3);

        BreakdownEntry[][] pushes =
        [
            [a, b, c, twice, twice],
            [c, aNew, b, twice, twice],   // one entry changed, the order too
            [aNew, bCopy, c, twice],      // a copy in place of b; one of the two twice gone
            [twice, aNew],                // b and c gone
            [],
        ];
        var running = new Breakdown();
        IReadOnlyList<BreakdownEntry> held = [];
        foreach (var push in pushes)
        {
            running.Apply(running.Change(held, push));
            held = push;

            var fresh = new Breakdown();
            fresh.Apply(fresh.Change([], push.Select(e => e with { }).ToArray()));
            Assert.Equal(fresh.ToList(), running.ToList());
        }
        Assert.Empty(running.ToList());
    }

    /// <summary>The one-pass sums of the moments of expenditure equal, value and scale, a year of each activity's
    /// months added activity by activity (as they were computed before): random figures of every scale, zeros written
    /// as 0 and as 0.00, months nobody reported.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheMomentsOfManyActivitiesAddUpAsTheirYearsDo(int seed)
    {
        var random = new Random(seed);
        decimal Figure() => RandomFigure(random, 1_000_000m);
        for (var round = 0; round < 200; round++)
        {
            var activities = Enumerable.Range(1, random.Next(0, 9)).Select(id => new ActivityProgress(id,
                [.. Enumerable.Range(1, 12).Where(_ => random.Next(3) > 0).Select(month =>
                    new MonthProgress(month, Figure(), Figure(), null, Figure(), Figure(), Figure(), Figure(), Figure()))])).ToList();

            var sums = MomentMonths.Of(activities);

            foreach (var moment in new[] { BudgetMoment.Approved, BudgetMoment.Modified, BudgetMoment.Committed, BudgetMoment.Accrued, BudgetMoment.Paid })
            {
                var year = activities.Aggregate(MonthlyValues.Zero, (sum, p) => sum.Plus(p.Moment(moment)));
                Assert.Equal(year.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)), sums.Of(moment).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.Equal(year.IsZero, ReferenceEquals(sums.Of(moment), MonthlyValues.Zero));
            }
        }
    }

    /// <summary>Replacing a share in a sum that holds it gives what subtracting it and adding the new one gives, digit
    /// and scale, also when fields are identical in both shares (left as they are) or equal with another scale.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ReplacingAShareEqualsSubtractingItAndAddingTheNewOne(int seed)
    {
        var random = new Random(seed);
        decimal Figure() => RandomFigure(random, 100_000m);
        MonthlyValues Year() => random.Next(4) == 0 ? MonthlyValues.Zero : MonthlyValues.Of([.. Enumerable.Range(0, 12).Select(_ => Figure())]);
        MomentMonths Moments() => random.Next(3) == 0 ? MomentMonths.Zero : new(Year(), Year(), Year(), Year(), Year());
        BreakdownEntry Share() => new("k", random.Next(1, 3), Figure(), Year(), Year(), Year(), Moments());
        // A field of the new share: the old one itself, an identical copy, the same values at another scale, or new.
        MonthlyValues Next(MonthlyValues old) => random.Next(4) switch
        {
            0 => old,
            1 => MonthlyValues.Of([.. old]),
            2 => MonthlyValues.Of([.. old.Select(v => v + 0.000m)]),
            _ => Year(),
        };
        static string Text(BreakdownEntry e) => string.Join("|", new[] { e.Programmed, e.Achieved, e.Exercised, e.OtherMoments.Approved, e.OtherMoments.Modified,
            e.OtherMoments.Committed, e.OtherMoments.Accrued, e.OtherMoments.Paid }.Select(m => m.ToString())) + $"|{e.Actions}|{e.Investment}";

        for (var round = 0; round < 500; round++)
        {
            var old = Share();
            var replacement = old with
            {
                Actions = random.Next(1, 3),
                Programmed = Next(old.Programmed),
                Achieved = Next(old.Achieved),
                Exercised = Next(old.Exercised),
                Moments = random.Next(2) == 0 ? old.Moments : new(Next(old.OtherMoments.Approved), Next(old.OtherMoments.Modified),
                    Next(old.OtherMoments.Committed), Next(old.OtherMoments.Accrued), Next(old.OtherMoments.Paid)),
            };
            var sum = BreakdownEntry.Empty("k").Plus(Share()).Plus(old).Plus(Share());

            Assert.Equal(Text(sum.Plus(old, -1).Plus(replacement)), Text(sum.Replace(old, replacement)));
        }
    }

    /// <summary>0 (a month nobody filled), 0.00 (a zero written with decimals) or a figure below
    /// <paramref name="largest"/> with 0 to 6 decimals.</summary>
    private static decimal RandomFigure(Random random, decimal largest) => random.Next(4) switch
    {
        0 => 0m,
        1 => 0.00m,
        _ => decimal.Round((decimal)random.NextDouble() * largest, random.Next(0, 7)),
    };

    private static ActionSummary Summary(string key, PoaAction action, decimal? achievedEveryMonth = null)
    {
        var progress = action.Activities
            .Select(a => new ActivityProgress(a.Id, [.. Enumerable.Range(1, 12).Select(m => new MonthProgress(m, achievedEveryMonth ?? s_quantity, s_money))]))
            .ToArray();
        var state = new ActionState { Version = 1, Content = new ActionContent(action, progress, action.Activities.Count + 1) };
        return state.Summarize(key);
    }
}
