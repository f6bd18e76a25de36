using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Domain.Model;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Grains.Import;
using PoaPlatform.Grains.Tests.Infrastructure;

namespace PoaPlatform.Grains.Tests;

/// <summary>The ranges and counts of <see cref="PoaRules"/> on real grains: values at the limits roll up, values beyond
/// them are refused and change nothing, departments and POAs take no more actions and departments than allowed.</summary>
public abstract class BoundedValueTests<TFixture>(TFixture cluster) where TFixture : ClusterFixture
{
    private static readonly Editor s_ana = new("ana", "obras");

    private IGrainFactory Grains => cluster.Grains;

    private Task<string> NewPoaAsync() => TestPoas.NewAsync(cluster.Grains, "bounds");

    [Fact]
    public async Task ActionsAtTheLargestValuesRollUpToAPoaThatStaysReadable()
    {
        var poa = await NewPoaAsync();
        var department = PoaKeys.Department(poa, "obras");
        var largest = RollUpArithmeticTests.LargestAction(1);
        for (var number = 1; number <= 3; number++)
        {
            var grain = Grains.GetGrain<IActionGrain>(PoaKeys.Action(department, number));
            var created = await grain.CreateAsync(largest with { Number = number }, s_ana);
            Assert.True(created.Succeeded, created.Error?.Message);
            foreach (var month in new[] { 1, 2 })
            {
                var report = await grain.ReportProgressAsync(1, new MonthProgress(month, PoaRules.MaxQuantity, PoaRules.MaxMoney), 0, s_ana);
                Assert.True(report.Succeeded, report.Error?.Message);
            }
            // Months at the limit whose sum passes it: the annual target, which follows the months, is refused.
            var targets = await grain.SetMonthlyTargetsAsync(2, [new MonthValue(3, PoaRules.MaxQuantity), new MonthValue(4, PoaRules.MaxQuantity)], 0, s_ana);
            Assert.Equal((ErrorCodes.Validation, "activities[1].annualTarget"), (targets.Error?.Code, targets.Error?.Field));
        }

        var summary = await Grains.GetGrain<IPoaGrain>(poa).GetSummaryAsync();
        Assert.Equal(3 * largest.Investment, summary.Figures.Investment);
        Assert.Equal(3 * PoaRules.MaxQuantity, summary.Figures.Achieved.OfMonth(2));
        Assert.Equal(3, summary.Figures.Actions);
        Assert.Equal(summary.Figures.Investment, summary.ByAxis.Sum(e => e.Investment));
        var view = await Grains.GetGrain<IDepartmentGrain>(department).GetViewAsync();
        Assert.Equal(3, view.Actions.Count);
    }

    [Fact]
    public async Task AValueBeyondItsRangeIsAValidationErrorNamingTheFieldAndChangesNothing()
    {
        var poa = await NewPoaAsync();
        var department = PoaKeys.Department(poa, "obras");
        var grain = Grains.GetGrain<IActionGrain>(PoaKeys.Action(department, 1));
        var action = PoaBuilder.Action(1, 2, new Random(11));

        var tooRich = await grain.CreateAsync(action with { Investment = decimal.MaxValue }, s_ana);
        Assert.Equal((ErrorCodes.Validation, "investment"), (tooRich.Error?.Code, tooRich.Error?.Field));
        Assert.Contains("10,000,000,000,000", tooRich.Error!.Message, StringComparison.Ordinal);
        Assert.Null(await grain.GetAsync());
        Assert.Empty((await Grains.GetGrain<IDepartmentGrain>(department).GetViewAsync()).Actions);

        var created = await grain.CreateAsync(action, s_ana);
        Assert.True(created.Succeeded, created.Error?.Message);
        var before = (await grain.GetAsync())!;
        CommandResult[] refused =
        [
            await grain.UpdateAsync(new ActionUpdate(Axes: [.. Enumerable.Range(0, 20_000).Select(i => $"Eje {i}")]), 1, s_ana),
            await grain.UpdateAsync(new ActionUpdate(Name: new string('x', 200_000)), 1, s_ana),
            await grain.ReportProgressAsync(1, new MonthProgress(1, decimal.MaxValue, 0), 1, s_ana),
            await grain.ReportProgressAsync(1, new MonthProgress(1, 1, 0.001m), 1, s_ana),
            await grain.SetMonthlyTargetsAsync(1, [new MonthValue(1, decimal.MaxValue), new MonthValue(2, decimal.MaxValue)], 1, s_ana),
            await grain.AddActivityAsync(action.Activities[0] with { Description = new string('d', PoaRules.MaxActivityDescriptionLength + 1) }, 1, s_ana),
        ];

        Assert.Equal(["axes", "name", "achieved", "exercised", "targets[ENE]", "activities[2].description"], refused.Select(r => r.Error?.Field));
        Assert.All(refused, r => Assert.Equal(ErrorCodes.Validation, r.Error?.Code));
        var after = (await grain.GetAsync())!;
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Action.Name, after.Action.Name);
        Assert.Equal(before.Action.Axes, after.Action.Axes);
        Assert.Empty(after.Progress);
    }

    [Fact]
    public async Task AnImportStoresWhatIsInsideTheRulesAndReportsTheRestWithItsPlace()
    {
        var poa = await NewPoaAsync();
        var good = PoaBuilder.Action(1, 2, new Random(8));
        var document = new PoaDocument(2021,
        [
            new Department("Obras Públicas", [good, good with { Number = 2, Investment = PoaRules.MaxMoney * 2 }, good with { Number = 3 }]),
            new Department(new string('D', 200_000), [good]),
        ], []);

        var result = await new PoaImporter(Grains).ImportAsync(PoaKeys.Parent(poa), document, s_ana);

        Assert.Equal(2, result.ImportedActions);
        Assert.Equal(2, result.Failures.Count);
        var money = result.Failures.Single(f => f.ActionNumber == 2);
        Assert.Equal(("Obras Públicas", "investment", PoaKeys.Action(PoaKeys.Department(poa, "obras-publicas"), 2)), (money.Department, money.Error.Field, money.ActionKey));
        Assert.Contains("\"Obras Públicas\", action 2", money.Error.Message, StringComparison.Ordinal);
        var name = result.Failures.Single(f => f.ActionNumber is null);
        Assert.Equal("department", name.Error.Field);
        Assert.Contains("200,000 characters", name.Error.Message, StringComparison.Ordinal);
        Assert.True(name.Department!.Length < 100);
        var summary = await Grains.GetGrain<IPoaGrain>(poa).GetSummaryAsync();
        Assert.Equal("obras-publicas", Assert.Single(summary.Departments).Slug);
        Assert.Equal(2, summary.Figures.Actions);
        Assert.Null(await Grains.GetGrain<IActionGrain>(PoaKeys.Action(PoaKeys.Department(poa, "obras-publicas"), 2)).GetAsync());
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteBoundedValueTests(SqliteClusterFixture cluster) : BoundedValueTests<SqliteClusterFixture>(cluster);

[Collection(PostgresCluster.Name)]
public sealed class PostgresBoundedValueTests(PostgresClusterFixture cluster) : BoundedValueTests<PostgresClusterFixture>(cluster);

/// <summary>The counts of a department and a POA, at their real limits (hundreds of grains). Admission lives in the
/// grains, not in storage, so these run on the embedded backend only, which keeps the suite's time down.</summary>
[Collection(SqliteCluster.Name)]
public sealed class BoundedCountTests(SqliteClusterFixture cluster)
{
    private static readonly Editor s_ana = new("ana", "obras");

    private IGrainFactory Grains => cluster.Grains;

    private Task<string> NewPoaAsync() => TestPoas.NewAsync(cluster.Grains, "counts");

    [Fact]
    public async Task ADepartmentTakesNoMoreThanItsLimitOfActions()
    {
        var poa = await NewPoaAsync();
        var department = PoaKeys.Department(poa, "obras");
        var small = PoaBuilder.Action(1, 0, new Random(3));
        var created = await Task.WhenAll(Enumerable.Range(1, PoaRules.MaxActionsPerDepartment + 5).Select(n =>
            Grains.GetGrain<IActionGrain>(PoaKeys.Action(department, n)).CreateAsync(small with { Number = n }, s_ana)));

        Assert.Equal(PoaRules.MaxActionsPerDepartment, created.Count(r => r.Succeeded));
        var refused = created.Where(r => !r.Succeeded).Select(r => r.Error!).ToArray();
        Assert.Equal(5, refused.Length);
        Assert.All(refused, e => Assert.Equal((ErrorCodes.Validation, "number"), (e.Code, e.Field)));
        Assert.Contains($"({PoaRules.MaxActionsPerDepartment})", refused[0].Message, StringComparison.Ordinal);
        var view = await Grains.GetGrain<IDepartmentGrain>(department).GetViewAsync();
        Assert.Equal(PoaRules.MaxActionsPerDepartment, view.Summary.Figures.Actions);

        // Deleting one makes room for one.
        var first = created.Select((r, i) => (r, n: i + 1)).First(x => x.r.Succeeded).n;
        Assert.True((await Grains.GetGrain<IActionGrain>(PoaKeys.Action(department, first)).DeleteAsync(1, s_ana)).Succeeded);
        var later = await Grains.GetGrain<IActionGrain>(PoaKeys.Action(department, 9999)).CreateAsync(small with { Number = 9999 }, s_ana);
        Assert.True(later.Succeeded, later.Error?.Message);
    }

    [Fact]
    public async Task APoaTakesNoMoreThanItsLimitOfDepartmentsByCommandOrByImport()
    {
        var poa = await NewPoaAsync();
        var small = PoaBuilder.Action(1, 0, new Random(5));
        // Fifty at a time: each new department is one write of the POA's membership, one after another in the POA, and
        // a thousand sent at once would leave the last waiting beyond the response timeout on a busy machine.
        foreach (var chunk in Enumerable.Range(0, PoaRules.MaxDepartmentsPerPoa).Chunk(50))
        {
            var created = await Task.WhenAll(chunk.Select(d =>
                Grains.GetGrain<IActionGrain>(PoaKeys.Action(PoaKeys.Department(poa, $"d{d}"), 1)).CreateAsync(small, s_ana)));
            Assert.All(created, r => Assert.True(r.Succeeded, r.Error?.Message));
        }

        var beyond = await Grains.GetGrain<IActionGrain>(PoaKeys.Action(PoaKeys.Department(poa, "otra"), 1)).CreateAsync(small, s_ana);
        Assert.Equal((ErrorCodes.Validation, "department"), (beyond.Error?.Code, beyond.Error?.Field));
        Assert.Contains($"({PoaRules.MaxDepartmentsPerPoa})", beyond.Error!.Message, StringComparison.Ordinal);

        // An import of a new department is refused the same way, and what it can store of existing ones it stores.
        var document = new PoaDocument(2021, [new Department("Otra Secretaría", [small]), new Department("d7", [small with { Number = 2 }])], []);
        var result = await new PoaImporter(Grains).ImportAsync(PoaKeys.Parent(poa), document, s_ana);
        Assert.Equal(1, result.ImportedActions);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(("Otra Secretaría", "department"), (failure.Department, failure.Error.Field));
        var summary = await Grains.GetGrain<IPoaGrain>(poa).GetSummaryAsync();
        Assert.Equal(PoaRules.MaxDepartmentsPerPoa, summary.Departments.Count);
        Assert.Equal(PoaRules.MaxDepartmentsPerPoa + 1, summary.Figures.Actions);
    }
}
