using System.Globalization;
using Orleans.Core.Internal;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Consolidation;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Domain.Findings;
using PoaPlatform.Domain.Model;
using PoaPlatform.Grains.Tests.Infrastructure;
using PoaPlatform.Persistence;
using PoaPlatform.Testing;
using Xunit.Abstractions;

namespace PoaPlatform.Grains.Tests;

/// <summary>What the grains promise, run the same against every storage backend (see the subclasses at the end).</summary>
public abstract class GrainBehaviourTests<TFixture>(TFixture cluster, ITestOutputHelper output) where TFixture : ClusterFixture
{
    private static readonly Editor s_ana = new("ana", "secretaria-particular");
    private static readonly Editor s_luis = new("luis", "secretaria-particular");

    private IGrainFactory Grains => cluster.Grains;

    /// <summary>A fresh POA per test (<see cref="TestPoas"/>).</summary>
    private Task<string> NewPoaAsync() => TestPoas.NewAsync(Grains);

    private async Task<(string Key, IActionGrain Grain, long Version)> CreateAsync(string poa, string department, PoaAction action)
    {
        var key = PoaKeys.Action(PoaKeys.Department(poa, department), action.Number);
        var grain = Grains.GetGrain<IActionGrain>(key);
        var result = await grain.CreateAsync(action, s_ana);
        Assert.True(result.Succeeded, result.Error?.Message);
        return (key, grain, result.Version);
    }

    [Fact]
    public async Task CreatingAnActionShowsInItsDepartmentAndPoaBeforeTheCommandReturns()
    {
        var poa = await NewPoaAsync();
        var action = PoaBuilder.Action(4, activities: 3, new Random(4));
        var (key, _, version) = await CreateAsync(poa, "secretaria-particular", action);

        Assert.Equal(1, version);
        var department = await Grains.GetGrain<IDepartmentGrain>(PoaKeys.Parent(key)).GetViewAsync();
        var totals = await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync();
        Assert.Equal(action.Investment, department.Summary.Figures.Investment);
        Assert.Equal(3, department.Summary.Figures.Activities);
        Assert.Equal(key, Assert.Single(department.Actions).Key);
        Assert.Equal(action.Investment, totals.Investment);
        Assert.Equal(action.Beneficiaries.Men, totals.BeneficiariesMen);
    }

    [Fact]
    public async Task ReportedProgressRollsUpToDepartmentAndPoaMonths()
    {
        var poa = await NewPoaAsync();
        var (key, grain, version) = await CreateAsync(poa, "obras-publicas", PoaBuilder.Action(1, 2, new Random(1)));

        var result = await grain.ReportProgressAsync(2, new MonthProgress(3, 17, 2500.50m, "Marzo cumplido"), version, s_ana);

        Assert.True(result.Succeeded, result.Error?.Message);
        var department = await Grains.GetGrain<IDepartmentGrain>(PoaKeys.Parent(key)).GetSummaryAsync();
        var totals = await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync();
        Assert.Equal(17, department.Figures.Achieved.OfMonth(3));
        Assert.Equal(2500.50m, totals.Exercised.OfMonth(3));
        var snapshot = (await grain.GetAsync())!;
        var progress = Assert.Single(snapshot.ProgressOf(2).Months);
        Assert.Equal(new MonthProgress(3, 17, 2500.50m, "Marzo cumplido"), progress);
        Assert.Equal(result.Version, snapshot.VersionOf(FieldPath.Progress(2, 3)));
    }

    [Fact]
    public async Task StaleVersionIsRejectedWithTheCurrentValueAndLeavesTheStateUnchanged()
    {
        var (_, grain, seen) = await CreateAsync(await NewPoaAsync(), "tesoreria", PoaBuilder.Action(2, 1, new Random(2)));
        var first = await grain.UpdateAsync(new ActionUpdate(Name: "Recepción de correspondencia"), seen, s_ana);
        var before = (await grain.GetAsync())!;

        var stale = await grain.UpdateAsync(new ActionUpdate(Name: "Correspondencia"), seen, s_luis);

        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.False(stale.Succeeded);
        Assert.Equal(ErrorCodes.Conflict, stale.Error!.Code);
        Assert.Equal("name", stale.Error.Field);
        Assert.Equal(first.Version, stale.Error.CurrentVersion);
        Assert.Equal("Recepción de correspondencia", stale.Error.CurrentValue);
        var change = Assert.Single(stale.Error.ChangedSince!);
        Assert.Equal((FieldPath.Of(FieldKind.Name), first.Version, "Recepción de correspondencia"), (change.Path, change.Version, change.Value));
        var after = (await grain.GetAsync())!;
        Assert.Equal(before.Version, after.Version);
        Assert.Equal("Recepción de correspondencia", after.Action.Name);
    }

    [Fact]
    public async Task EditsOfDifferentPathsFromTheSameVersionBothSucceed()
    {
        var (_, grain, seen) = await CreateAsync(await NewPoaAsync(), "tesoreria", PoaBuilder.Action(3, 2, new Random(3)));

        var goal = await grain.UpdateAsync(new ActionUpdate(Goal: "Atender el 100%"), seen, s_ana);
        var march = await grain.ReportProgressAsync(1, new MonthProgress(3, 5, 0, "Avance"), seen, s_luis);
        var april = await grain.ReportProgressAsync(2, new MonthProgress(4, 6, 0, "Avance"), seen, s_ana);
        var sameCellAgain = await grain.ReportProgressAsync(1, new MonthProgress(3, 9, 0, "Avance"), seen, s_ana);

        Assert.Equal((true, seen + 1), (goal.Succeeded, goal.Version));
        Assert.Equal((true, seen + 2), (march.Succeeded, march.Version));
        Assert.Equal((true, seen + 3), (april.Succeeded, april.Version));
        Assert.Equal(ErrorCodes.Conflict, sameCellAgain.Error?.Code);
        Assert.Equal("activity/1/progress/3", sameCellAgain.Error!.Field);
        Assert.Equal("achieved 5; exercised 0; note Avance", sameCellAgain.Error.CurrentValue);
        var snapshot = (await grain.GetAsync())!;
        Assert.Equal(seen + 3, snapshot.Version);
        Assert.Equal("Atender el 100%", snapshot.Action.Goal);
    }

    [Fact]
    public async Task ACommandRetriedAfterItsWriteSucceededIsASuccessNotAConflict()
    {
        var (_, grain, seen) = await CreateAsync(await NewPoaAsync(), "tesoreria", PoaBuilder.Action(3, 2, new Random(30)));
        var report = new MonthProgress(5, 12, 300, "Mayo");

        // The editor's first attempt is durable but its answer was lost; the retry carries the same expected version.
        var first = await grain.ReportProgressAsync(1, report, seen, s_ana);
        var other = await grain.UpdateAsync(new ActionUpdate(Purpose: "Otro propósito"), seen, s_luis);
        var retry = await grain.ReportProgressAsync(1, report, seen, s_ana);
        var different = await grain.ReportProgressAsync(1, report with { Achieved = 13 }, seen, s_ana);

        Assert.Equal((true, seen + 1), (first.Succeeded, first.Version));
        Assert.Equal((true, seen + 2), (other.Succeeded, other.Version));
        Assert.Equal((true, seen + 2), (retry.Succeeded, retry.Version));
        Assert.Equal(ErrorCodes.Conflict, different.Error?.Code);
        Assert.Equal(seen + 2, (await grain.GetAsync())!.Version);
    }

    [Fact]
    public async Task AClientMutationIdReturnsTheFirstAnswerOfACreateAndOfAReport()
    {
        var key = PoaKeys.Action(PoaKeys.Department(await NewPoaAsync(), "cultura"), 8);
        var grain = Grains.GetGrain<IActionGrain>(key);
        var action = PoaBuilder.Action(8, 2, new Random(8));

        var created = await grain.CreateAsync(action, s_ana, clientMutationId: "crear-8");
        var report = await grain.ReportProgressAsync(2, new MonthProgress(1, 4, 40, "Avance"), created.Version, s_ana, clientMutationId: "avance-ene");
        var later = await grain.ReportProgressAsync(2, new MonthProgress(1, 6, 60, "Avance"), report.Version, s_luis);
        var createdAgain = await grain.CreateAsync(action with { Name = "Otro nombre" }, s_ana, clientMutationId: "crear-8");
        var reportAgain = await grain.ReportProgressAsync(2, new MonthProgress(1, 4, 40, "Avance"), created.Version, s_ana, clientMutationId: "avance-ene");

        Assert.Equal(created, createdAgain);
        Assert.Equal(report, reportAgain);
        Assert.Equal(created.Version + 2, later.Version);
        var snapshot = (await grain.GetAsync())!;
        Assert.Equal(later.Version, snapshot.Version);
        Assert.Equal(6, snapshot.ProgressOf(2).Of(1)!.Achieved);
        Assert.Equal(action.Name, snapshot.Action.Name);
    }

    [Theory]
    [InlineData(13, 1, 0, ErrorCodes.Validation, "month")]
    [InlineData(0, 1, 0, ErrorCodes.Validation, "month")]
    [InlineData(5, -1, 0, ErrorCodes.Validation, "achieved")]
    [InlineData(5, 1, -10, ErrorCodes.Validation, "exercised")]
    public async Task InvalidProgressIsRejectedWithoutChangingAnything(int month, int achieved, int spent, string code, string field)
    {
        var poa = await NewPoaAsync();
        var (_, grain, version) = await CreateAsync(poa, "desarrollo-social", PoaBuilder.Action(7, 1, new Random(7)));
        var totalsBefore = await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync();

        var result = await grain.ReportProgressAsync(1, new MonthProgress(month, achieved, spent), version, s_ana);

        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Error!.Code);
        Assert.Equal(field, result.Error.Field);
        var after = (await grain.GetAsync())!;
        Assert.Equal(version, after.Version);
        Assert.Empty(after.Progress);
        Assert.Equal(totalsBefore, await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync());
    }

    [Fact]
    public async Task UnknownActivityAndMissingActionAreNotFound()
    {
        var poa = await NewPoaAsync();
        var (_, grain, version) = await CreateAsync(poa, "cultura", PoaBuilder.Action(1, 2, new Random(5)));
        var missing = Grains.GetGrain<IActionGrain>(PoaKeys.Action(PoaKeys.Department(poa, "cultura"), 99));

        var unknownActivity = await grain.ReportProgressAsync(42, new MonthProgress(1, 1, 0), version, s_ana);
        var noAction = await missing.ReportProgressAsync(1, new MonthProgress(1, 1, 0), 0, s_ana);

        Assert.Equal(ErrorCodes.NotFound, unknownActivity.Error?.Code);
        Assert.Equal($"Action {PoaKeys.Action(PoaKeys.Department(poa, "cultura"), 1)} has no activity 42; its activities are 1, 2.", unknownActivity.Error!.Message);
        Assert.Equal(ErrorCodes.NotFound, noAction.Error?.Code);
        Assert.Null(await missing.GetAsync());
    }

    [Fact]
    public async Task ImportingTheSameActionTwiceLeavesTheSameState()
    {
        var poa = await NewPoaAsync();
        var action = PoaBuilder.Action(4, 6, new Random(44)) with { Investment = 4_181_100m };
        var key = PoaKeys.Action(PoaKeys.Department(poa, "secretaria-particular"), 4);
        var grain = Grains.GetGrain<IActionGrain>(key);

        var first = await grain.ImportAsync(action, s_ana);
        var department = await Grains.GetGrain<IDepartmentGrain>(PoaKeys.Parent(key)).GetSummaryAsync();
        var second = await grain.ImportAsync(action, s_ana);

        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.Equal((true, first.Version), (second.Succeeded, second.Version));
        var again = await Grains.GetGrain<IDepartmentGrain>(PoaKeys.Parent(key)).GetSummaryAsync();
        Assert.Equal(department.Version, again.Version);
        Assert.Equal(Json(department), Json(again));
        var finding = Assert.Single(department.Findings.Problems());
        Assert.Equal(FindingCodes.ActionInvestmentMismatch, finding.Code);
        Assert.Equal(4_181_100m, finding.Actual);
    }

    [Fact]
    public async Task ReimportKeepsTheIdsAndProgressOfActivitiesThatStay()
    {
        var action = PoaBuilder.Action(2, 3, new Random(22));
        var key = PoaKeys.Action(PoaKeys.Department(await NewPoaAsync(), "salud"), 2);
        var grain = Grains.GetGrain<IActionGrain>(key);
        var imported = await grain.ImportAsync(action, s_ana);
        await grain.ReportProgressAsync(1, new MonthProgress(1, 11, 100, "Avance"), imported.Version, s_ana);
        await grain.ReportProgressAsync(3, new MonthProgress(1, 7, 70, "Avance"), imported.Version, s_ana);

        var changed = action with { Name = "Salud comunitaria", Activities = [.. action.Activities.Take(2)] };
        var reimported = await grain.ImportAsync(changed, s_ana);

        var snapshot = (await grain.GetAsync())!;
        Assert.Equal(imported.Version + 3, reimported.Version);
        Assert.Equal("Salud comunitaria", snapshot.Action.Name);
        Assert.Equal([1, 2], snapshot.Action.Activities.Select(a => a.Id));
        Assert.Equal(11, snapshot.ProgressOf(1).Of(1)!.Achieved);
        Assert.Equal(1, Assert.Single(snapshot.Progress).ActivityId);
    }

    [Fact]
    public async Task AnAddedActivityNeverReusesTheIdOfARemovedOne()
    {
        var (_, grain, version) = await CreateAsync(await NewPoaAsync(), "cultura", PoaBuilder.Action(3, 2, new Random(31)));

        var removed = await grain.RemoveActivityAsync(2, version, s_ana);
        var added = await grain.AddActivityAsync(PoaBuilder.Activity("Nueva", new Random(32)), removed.Version, s_ana);
        var stale = await grain.UpdateActivityAsync(2, new ActivityUpdate(Unit: "Eventos"), version, s_luis);

        Assert.Equal((true, 3), (added.Succeeded, added.ActivityId));
        Assert.Equal([1, 3], (await grain.GetAsync())!.Action.Activities.Select(a => a.Id));
        Assert.Equal(ErrorCodes.NotFound, stale.Error?.Code);
    }

    [Fact]
    public async Task SixteenConcurrentWritersOnOneActionLoseNothing()
    {
        var poa = await NewPoaAsync();
        var (_, grain, version) = await CreateAsync(poa, "comunicacion", PoaBuilder.Action(4, 4, new Random(16)));
        const int Writers = 16, Increments = 5;

        // Every writer increments the same cell (activity 1, ENE) read-modify-write, retrying on CONFLICT, and also
        // writes cells of its own: nothing acknowledged may be lost.
        var conflicts = 0;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < Increments; i++)
            {
                while (true)
                {
                    var current = (await grain.GetAsync())!;
                    var cell = current.ProgressOf(1).Of(1)?.Achieved ?? 0;
                    // The note makes each increment a different effect: a report equal to what is there already
                    // would succeed as a retry of it, not conflict.
                    var result = await grain.ReportProgressAsync(1, new MonthProgress(1, cell + 1, 0, $"w{w}.{i}"), current.Version, new Editor($"w{w}", "comunicacion"));
                    if (result.Succeeded)
                        break;
                    Assert.Equal(ErrorCodes.Conflict, result.Error!.Code);
                    Interlocked.Increment(ref conflicts);
                }
            }
            // (activity, month) = (2 + w % 3, 1 + w / 3): a cell no other writer touches.
            var own = await grain.ReportProgressAsync(2 + w % 3, new MonthProgress(1 + w / 3, w + 1, 10 * (w + 1), "Avance"), version, new Editor($"w{w}", "comunicacion"));
            Assert.True(own.Succeeded, own.Error?.Message);
        })).ToArray();
        await Task.WhenAll(writers);

        var snapshot = (await grain.GetAsync())!;
        Assert.Equal(Writers * Increments, snapshot.ProgressOf(1).Of(1)!.Achieved);
        var ownCells = snapshot.Progress.Where(p => p.ActivityId > 1).Sum(p => p.Exercised.Total);
        Assert.Equal(Enumerable.Range(1, Writers).Sum(w => 10m * w), ownCells);
        Assert.Equal(1 + Writers * Increments + Writers, snapshot.Version);
        Recompute.AssertEqual(Recompute.Figures([snapshot]), await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync(), "POA");
        output.WriteLine($"{conflicts} conflicts retried");
    }

    [Fact]
    public async Task AfterFiveHundredRandomCommandsEveryRollUpEqualsARecomputation()
    {
        var seed = Environment.GetEnvironmentVariable("POA_TEST_SEED") is { Length: > 0 } given
            ? int.Parse(given, CultureInfo.InvariantCulture)
            : Environment.TickCount;
        // Printed before anything can fail: POA_TEST_SEED=<seed> replays the same commands.
        output.WriteLine($"POA_TEST_SEED={seed}");
        var random = new Random(seed);
        var poa = await NewPoaAsync();
        string[] departments = ["obras-publicas", "desarrollo-social", "tesoreria"];
        var keys = departments.SelectMany(d => Enumerable.Range(1, 4).Select(n => PoaKeys.Action(PoaKeys.Department(poa, d), n))).ToArray();
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < 520; i++)
        {
            var key = keys[random.Next(keys.Length)];
            var result = await RandomCommandAsync(Grains.GetGrain<IActionGrain>(key), PoaKeys.ActionNumber(key), random);
            var outcome = result.Succeeded ? "ok" : result.Error!.Code;
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
        await AssertRollUpsEqualRecomputationAsync(poa, departments, keys, $"POA_TEST_SEED={seed}");
        // And again after a cold start, from the snapshots (without activating an action) and after their validation.
        await cluster.RestartAsync();
        using (SummaryReads.HoldUnder(poa))
        {
            var totals = await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync();
            Recompute.AssertEqual(Recompute.Figures(await Recompute.SnapshotsAsync(Grains, keys)), totals, $"POA_TEST_SEED={seed}, from the snapshot");
        }
        await AssertRollUpsEqualRecomputationAsync(poa, departments, keys, $"POA_TEST_SEED={seed}, after the restart");
        Assert.True(outcomes.GetValueOrDefault("ok") > 250, $"POA_TEST_SEED={seed}: too few commands succeeded: {string.Join(", ", outcomes)}");
    }

    [Fact]
    public async Task AllStateSurvivesASiloRestartAndRollUpsRebuildOnColdStart()
    {
        var poa = await NewPoaAsync();
        string[] departments = ["obras-publicas", "tesoreria"];
        var random = new Random(2021);
        var keys = new List<string>();
        foreach (var department in departments)
        {
            for (var n = 1; n <= 3; n++)
            {
                var (key, grain, version) = await CreateAsync(poa, department, PoaBuilder.Action(n, 3, random));
                await grain.ReportProgressAsync(1, new MonthProgress(n, n * 10, n * 1000, "Avance"), version, s_ana);
                keys.Add(key);
            }
        }
        await Grains.GetGrain<IDepartmentGrain>(PoaKeys.Department(poa, "tesoreria")).DescribeAsync("Tesorería Municipal", []);
        var snapshotsBefore = await Recompute.SnapshotsAsync(Grains, keys);
        var poaBefore = await Grains.GetGrain<IPoaGrain>(poa).GetSummaryAsync();

        await cluster.RestartAsync();

        // Cold start through a write: the department activates because an action pushes to it.
        var first = Grains.GetGrain<IActionGrain>(keys[0]);
        var result = await first.ReportProgressAsync(2, new MonthProgress(12, 1, 1, "Avance"), snapshotsBefore[0].Version, s_ana);
        Assert.True(result.Succeeded, result.Error?.Message);
        var snapshotsAfter = await Recompute.SnapshotsAsync(Grains, keys);
        Assert.Equal(snapshotsBefore.Count, snapshotsAfter.Count);
        for (var i = 1; i < keys.Count; i++)
        {
            Assert.Equal(snapshotsBefore[i].Version, snapshotsAfter[i].Version);
            Assert.Equal(Json(snapshotsBefore[i]), Json(snapshotsAfter[i]));
        }
        var poaAfter = await Grains.GetGrain<IPoaGrain>(poa).GetSummaryAsync();
        Assert.Equal(poaBefore.Figures.Investment, poaAfter.Figures.Investment);
        Assert.Contains(poaAfter.Departments, d => d.Name == "Tesorería Municipal");
        await AssertRollUpsEqualRecomputationAsync(poa, departments, keys, "after restart");
    }

    [Fact]
    public async Task AFailingStorageWriteLeavesTheGrainAsItWasBeforeTheCommand()
    {
        var poa = await NewPoaAsync();
        var (key, grain, version) = await CreateAsync(poa, "seguridad", PoaBuilder.Action(5, 2, new Random(55)));
        var before = (await grain.GetAsync())!;
        var totalsBefore = await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync();

        using (StorageFaults.FailWritesOf(key))
        {
            var failure = await Assert.ThrowsAsync<Orleans.Runtime.OrleansException>(() => grain.ReportProgressAsync(1, new MonthProgress(6, 30, 900, "Avance"), version, s_ana));
            Assert.IsType<IOException>(failure.InnerException);
        }

        var after = (await grain.GetAsync())!;
        Assert.Equal(Json(before), Json(after));
        Assert.Equal(totalsBefore, await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync());
        var retried = await grain.ReportProgressAsync(1, new MonthProgress(6, 30, 900, "Avance"), version, s_ana);
        Assert.True(retried.Succeeded, retried.Error?.Message);
        Assert.Equal(version + 1, retried.Version);
        Assert.Equal(30, (await grain.GetAsync())!.ProgressOf(1).Of(6)!.Achieved);
    }

    [Fact]
    public async Task APushLostAfterTheWriteStillAnswersSuccessAndThePoaConvergesWithoutAnotherEdit()
    {
        var poa = await NewPoaAsync();
        var (key, grain, version) = await CreateAsync(poa, "obras-publicas", PoaBuilder.Action(6, 2, new Random(66)));
        var department = PoaKeys.Parent(key);

        CommandResult result;
        using (PushFaults.FailPushesTo(department))
        {
            result = await grain.ReportProgressAsync(1, new MonthProgress(2, 44, 4400, "Avance"), version, s_ana);
            Assert.True(PushFaults.Refused(department) >= 1, "the push to the department was refused");
            Assert.Equal(0, (await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync()).Achieved.OfMonth(2));
        }

        Assert.Equal((true, version + 1), (result.Succeeded, result.Version));
        var totals = await EventuallyAsync(() => Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync(), t => t.Achieved.OfMonth(2) == 44, TimeSpan.FromSeconds(10));
        Assert.Equal(4400, totals.Exercised.OfMonth(2));
        Assert.Equal(44, (await Grains.GetGrain<IDepartmentGrain>(department).GetSummaryAsync()).Figures.Achieved.OfMonth(2));
    }

    [Fact]
    public async Task AnActionThatWentAwayBeforeItsDepartmentTookItsPushPushesAgainWhenItIsActivated()
    {
        var poa = await NewPoaAsync();
        var (key, grain, version) = await CreateAsync(poa, "desarrollo-social", PoaBuilder.Action(7, 2, new Random(77)));
        var department = Grains.GetGrain<IDepartmentGrain>(PoaKeys.Parent(key));

        using (PushFaults.FailPushesTo(PoaKeys.Parent(key)))
        {
            var result = await grain.ReportProgressAsync(1, new MonthProgress(3, 21, 2100, "Avance"), version, s_ana);
            Assert.Equal((true, version + 1), (result.Succeeded, result.Version));
            // The action is deactivated with its background retry: only its next activation can bring the change.
            await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
            Assert.True(PushFaults.Refused(PoaKeys.Parent(key)) >= 1, "the push to the department was refused");
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, (await department.GetSummaryAsync()).Figures.Achieved.OfMonth(3));

        Assert.Equal(21, (await grain.GetAsync())!.ProgressOf(1).Of(3)!.Achieved);
        var summary = await EventuallyAsync(department.GetSummaryAsync, s => s.Figures.Achieved.OfMonth(3) == 21, TimeSpan.FromSeconds(10));
        Assert.Equal(2100, summary.Figures.Exercised.OfMonth(3));
        var totals = await EventuallyAsync(() => Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync(), t => t.Achieved.OfMonth(3) == 21, TimeSpan.FromSeconds(10));
        Assert.Equal(2100, totals.Exercised.OfMonth(3));
    }

    [Fact]
    public async Task EveryChangeIsAuditedWithWhoWhenAndWhatNewestFirst()
    {
        var poa = await NewPoaAsync();
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (key, grain, version) = await CreateAsync(poa, "transparencia", PoaBuilder.Action(5, 1, new Random(9)));
        var renamed = await grain.UpdateAsync(new ActionUpdate(Name: "Transparencia proactiva"), version, s_luis);
        await grain.ReportProgressAsync(1, new MonthProgress(2, 3, 450, "Solicitudes atendidas"), renamed.Version, s_ana);

        var forAction = await cluster.Audit.ReadAsync(new AuditQuery(ActionKey: key));
        var forDepartment = await cluster.Audit.ReadAsync(new AuditQuery(DepartmentKey: PoaKeys.Parent(key)));

        Assert.Equal("reportProgress", forAction[0].Command);
        Assert.Equal("activity/1/progress/2", forAction[0].Field);
        Assert.Equal("achieved 3; exercised 450; note Solicitudes atendidas", forAction[0].NewValue);
        Assert.Equal("ana", forAction[0].User);
        var rename = Assert.Single(forAction, e => e.Command == "updateAction");
        Assert.Equal(("name", "luis", "secretaria-particular", "Acción 5", "Transparencia proactiva"),
            (rename.Field, rename.User, rename.UserDepartment, rename.OldValue, rename.NewValue));
        Assert.InRange(rename.AtUtc, started, DateTimeOffset.UtcNow);
        Assert.Equal(forAction.Select(e => e.Version).OrderDescending(), forAction.Select(e => e.Version));
        // The creation is one entry: the action's own line, then every path it was created with and its value.
        var created = Assert.Single(forAction, e => e.Command == "createAction");
        Assert.Equal(("action", null), (created.Field, created.OldValue));
        var lines = created.NewValue!.Split('\n');
        Assert.Equal("5 Acción 5", lines[0]);
        Assert.Contains("name: Acción 5", lines);
        Assert.Contains(lines, l => l.StartsWith("activity/1/description: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("activity/1/target/12: ", StringComparison.Ordinal));
        Assert.Equal(lines.Length, lines.Distinct().Count());
        Assert.Equal(forAction.Select(e => (e.Version, e.Sequence)), forDepartment.Select(e => (e.Version, e.Sequence)));
    }

    [Fact]
    public async Task ADeletionIsOneAuditEntryThatKeepsTheWholeActionItRemoved()
    {
        var (key, grain, version) = await CreateAsync(await NewPoaAsync(), "archivo", PoaBuilder.Action(7, 2, new Random(7)));

        var deleted = await grain.DeleteAsync(version, s_luis);
        var entries = await cluster.Audit.ReadAsync(new AuditQuery(ActionKey: key));

        Assert.True(deleted.Succeeded);
        var removal = Assert.Single(entries, e => e.Version == deleted.Version);
        Assert.Equal(("deleteAction", "action", null), (removal.Command, removal.Field, removal.NewValue));
        var lines = removal.OldValue!.Split('\n');
        Assert.Equal("7 Acción 7", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("activity/2/description: ", StringComparison.Ordinal));
        Assert.Equal(Assert.Single(entries, e => e.Command == "createAction").NewValue, removal.OldValue);
    }

    [Fact]
    public async Task StoredStateNamesTypesByAliasNeverByTheirCSharpNames()
    {
        var (key, grain, version) = await CreateAsync(await NewPoaAsync(), "cultura", PoaBuilder.Action(6, 3, new Random(6)));
        await grain.ReportProgressAsync(1, new MonthProgress(1, 1, 1, "nota"), version, s_ana);

        var (payloadBytes, apartBytes) = await StoredRowAsync(key);
        var payload = System.Text.Encoding.UTF8.GetString(payloadBytes);
        var apart = System.Text.Encoding.UTF8.GetString(apartBytes!);

        // Renaming or moving a C# type must not orphan stored rows: only [Alias] names may be written.
        Assert.DoesNotContain("PoaPlatform.", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("PoaPlatform.", apart, StringComparison.Ordinal);
        // The programming is stored apart from the payload (decision 0031); the progress, with its note, in it.
        Assert.Contains("Actividad 6.1", apart, StringComparison.Ordinal);
        Assert.DoesNotContain("Actividad 6.1", payload, StringComparison.Ordinal);
        Assert.Contains("nota", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProgrammingIsWrittenApartOnlyWhenItChangesAndReadsBackWholeAfterARestart()
    {
        var (key, grain, version) = await CreateAsync(await NewPoaAsync(), "obras-publicas", PoaBuilder.Action(3, 2, new Random(3)));
        var (_, created) = await StoredRowAsync(key);

        // Progress reports leave the programming's column as it is; the payload changes.
        var first = await grain.ReportProgressAsync(1, new MonthProgress(2, 5, 700, "Primer avance"), version, s_ana);
        var second = await grain.ReportProgressAsync(2, new MonthProgress(3, 1, 50, "Segundo avance"), first.Version, s_ana);
        Assert.True(second.Succeeded, second.Error?.Message);
        var (reportedPayload, reported) = await StoredRowAsync(key);
        Assert.Equal(created, reported);
        // The storage wrote the programming with the creation only.
        Assert.Equal((3, 1), (StorageFaults.Writes("action", key), StorageFaults.PartsWritten("action", key)));

        // A change of the programming writes it again, and the next report keeps that.
        var renamed = await grain.UpdateAsync(new ActionUpdate(Name: "Bacheo de la cabecera"), second.Version, s_luis);
        Assert.True(renamed.Succeeded, renamed.Error?.Message);
        var (_, changed) = await StoredRowAsync(key);
        Assert.NotEqual(created, changed);
        Assert.Equal(2, StorageFaults.PartsWritten("action", key));
        Assert.Contains("Bacheo de la cabecera", System.Text.Encoding.UTF8.GetString(changed!), StringComparison.Ordinal);
        var third = await grain.ReportProgressAsync(1, new MonthProgress(4, 2, 10, "Tercer avance"), renamed.Version, s_ana);
        var (thirdPayload, kept) = await StoredRowAsync(key);
        Assert.Equal(changed, kept);
        Assert.Equal(2, StorageFaults.PartsWritten("action", key));
        Assert.NotEqual(reportedPayload, thirdPayload);

        var before = Json((await grain.GetAsync())!);
        await cluster.RestartAsync();
        var after = (await Grains.GetGrain<IActionGrain>(key).GetAsync())!;

        Assert.Equal(before, Json(after));
        Assert.Equal(("Bacheo de la cabecera", third.Version), (after.Action.Name, after.Version));
        Assert.Equal([2, 3, 4], after.Progress.SelectMany(p => p.Months).Select(m => m.Month).Order());
        // Read from its column, the programming is not written again by the next report either.
        var fourth = await Grains.GetGrain<IActionGrain>(key).ReportProgressAsync(2, new MonthProgress(5, 1, 1, "Cuarto avance"), third.Version, s_ana);
        Assert.True(fourth.Succeeded, fourth.Error?.Message);
        Assert.Equal(changed, (await StoredRowAsync(key)).Apart);
        Assert.Equal((6, 2), (StorageFaults.Writes("action", key), StorageFaults.PartsWritten("action", key)));
    }

    [Fact]
    public async Task AProgrammingChangeWhoseWriteFailedIsNotLeftOutOfTheNextWrite()
    {
        var (key, grain, version) = await CreateAsync(await NewPoaAsync(), "cultura", PoaBuilder.Action(8, 2, new Random(8)));
        var name = (await grain.GetAsync())!.Action.Name;

        using (StorageFaults.FailWritesOf(key))
            await Assert.ThrowsAsync<Orleans.Runtime.OrleansException>(() => grain.UpdateAsync(new ActionUpdate(Name: "Festival de invierno"), version, s_luis));
        var report = await grain.ReportProgressAsync(1, new MonthProgress(2, 3, 30, "Avance"), version, s_ana);

        // The grain went back to the programming the row holds: the report leaves the column as it is.
        Assert.True(report.Succeeded, report.Error?.Message);
        Assert.Equal(1, StorageFaults.PartsWritten("action", key));
        await cluster.RestartAsync();
        Assert.Equal(name, (await Grains.GetGrain<IActionGrain>(key).GetAsync())!.Action.Name);
        Assert.Contains(name, System.Text.Encoding.UTF8.GetString((await StoredRowAsync(key)).Apart!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProgrammingChangeWhoseAnswerWasLostIsReadBackAndItsColumnKept()
    {
        var (key, grain, version) = await CreateAsync(await NewPoaAsync(), "turismo", PoaBuilder.Action(9, 2, new Random(9)));

        // The rename commits, and its answer is lost: the grain goes back to the version before it.
        using (StorageFaults.LoseAnswersOf(key))
            await Assert.ThrowsAsync<Orleans.Runtime.OrleansException>(() => grain.UpdateAsync(new ActionUpdate(Name: "Ruta de museos"), version, s_luis));
        // Its next write expects that version and meets the committed one: refused, never written over it.
        await Assert.ThrowsAnyAsync<Exception>(() => grain.ReportProgressAsync(1, new MonthProgress(2, 3, 30, "Avance"), version, s_ana));

        // Read again (a new activation), the action is what was committed; its programming comes from the column.
        var read = (await Grains.GetGrain<IActionGrain>(key).GetAsync())!;
        Assert.Equal(("Ruta de museos", version + 1), (read.Action.Name, read.Version));
        var report = await Grains.GetGrain<IActionGrain>(key).ReportProgressAsync(1, new MonthProgress(2, 3, 30, "Avance"), read.Version, s_ana);
        Assert.True(report.Succeeded, report.Error?.Message);
        Assert.Equal(2, StorageFaults.PartsWritten("action", key));
        await cluster.RestartAsync();
        var restarted = (await Grains.GetGrain<IActionGrain>(key).GetAsync())!;
        Assert.Equal(("Ruta de museos", report.Version), (restarted.Action.Name, restarted.Version));
        Assert.Equal(30, restarted.ProgressOf(1).Of(2)!.Exercised);
    }

    /// <summary>The stored row of an action: its payload and its part stored apart (decision 0031).</summary>
    private async Task<(byte[] Payload, byte[]? Apart)> StoredRowAsync(string key)
    {
        await using var connection = await cluster.Target.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload_binary, payload_apart FROM orleans_storage WHERE grain_type_string = 'action' AND grain_id_extension_string LIKE @key";
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = ("key", $"%{key}");
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no stored row for {key}");
        return ((byte[])reader.GetValue(0), reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1));
    }

    [Fact]
    public async Task DeletingAnActionRemovesItFromTheRollUps()
    {
        var poa = await NewPoaAsync();
        var (_, keep, _) = await CreateAsync(poa, "cultura", PoaBuilder.Action(1, 2, new Random(1)));
        var (key, gone, version) = await CreateAsync(poa, "cultura", PoaBuilder.Action(2, 2, new Random(2)));

        var deleted = await gone.DeleteAsync(version, s_ana);

        Assert.Equal((true, version + 1), (deleted.Succeeded, deleted.Version));
        Assert.Null(await gone.GetAsync());
        var view = await Grains.GetGrain<IDepartmentGrain>(PoaKeys.Parent(key)).GetViewAsync();
        Assert.Equal(1, Assert.Single(view.Actions).Number);
        Recompute.AssertEqual(Recompute.Figures([(await keep.GetAsync())!]), await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync(), "POA");
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"Still not there after {within}: {Json(value!)}");
            await Task.Delay(100);
        }
    }

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    private async Task AssertRollUpsEqualRecomputationAsync(string poa, string[] departments, IReadOnlyList<string> keys, string context)
    {
        var all = await Recompute.SnapshotsAsync(Grains, keys);
        Assert.NotEmpty(all);
        foreach (var department in departments)
        {
            var departmentKey = PoaKeys.Department(poa, department);
            var summary = await Grains.GetGrain<IDepartmentGrain>(departmentKey).GetSummaryAsync();
            var own = all.Where(s => PoaKeys.Parent(s.Key) == departmentKey).ToArray();
            Recompute.AssertEqual(Recompute.Figures(own), summary.Figures, $"{context}, department {department}");
            // The findings list is kept between pushes (rebuilt only when findings change): it must be every action's
            // current findings in number order, as concatenating them anew gives.
            Assert.Equal(Json(own.OrderBy(s => s.Action.Number).SelectMany(s => s.Findings)), Json(summary.Findings));
            var view = await Grains.GetGrain<IDepartmentGrain>(departmentKey).GetViewAsync();
            Assert.Equal(own.OrderBy(s => s.Action.Number).Select(s => (s.Key, s.Version)), view.Actions.Select(a => (a.Key, a.Version)));
        }
        var consolidation = await Grains.GetGrain<IPoaGrain>(poa).GetSummaryAsync();
        Recompute.AssertEqual(Recompute.Figures(all), consolidation.Figures, $"{context}, POA");
        var byAxis = Recompute.InvestmentByAxis(all);
        Assert.Equal(byAxis.Count, consolidation.ByAxis.Count);
        // Shares have six decimals and the roll-ups add and subtract them exactly: no tolerance.
        foreach (var entry in consolidation.ByAxis)
            Assert.True(byAxis[entry.Key] == entry.Investment, $"{context}: axis {entry.Key} {entry.Investment} vs {byAxis[entry.Key]}");
        Assert.Equal(consolidation.Figures.Investment, consolidation.ByChapter.Sum(c => c.Investment));
        Assert.Equal(consolidation.Figures.Investment, consolidation.ByAxis.Sum(c => c.Investment));
        // By funding source: each activity has one, so every figure adds up exactly, moment by moment.
        var bySource = Recompute.BySource(all);
        var sources = consolidation.BySource ?? [];
        Assert.True(bySource.Keys.Order().SequenceEqual(sources.Where(s => !s.IsEmpty).Select(s => s.Key).Order()),
            $"{context}: sources {string.Join(",", sources.Where(s => !s.IsEmpty).Select(s => s.Key))}, recomputed {string.Join(",", bySource.Keys)}");
        foreach (var entry in sources.Where(s => !s.IsEmpty))
        {
            var expected = bySource[entry.Key];
            Assert.True(expected.Investment == entry.Investment, $"{context}: source {entry.Key} investment {entry.Investment} vs {expected.Investment}");
            Assert.True(expected.Programmed.Equals(entry.Programmed), $"{context}: source {entry.Key} programmed {entry.Programmed} vs {expected.Programmed}");
            Assert.True(expected.Achieved.Equals(entry.Achieved), $"{context}: source {entry.Key} achieved");
            Assert.True(expected.Exercised.Equals(entry.Exercised), $"{context}: source {entry.Key} exercised {entry.Exercised} vs {expected.Exercised}");
            foreach (var moment in MonthProgress.Moments.Where(m => m != BudgetMoment.Exercised))
                Assert.True(expected.Moments.Of(moment).Equals(entry.OtherMoments.Of(moment)), $"{context}: source {entry.Key} {moment}");
        }
        foreach (var moment in MonthProgress.Moments)
            Assert.Equal(consolidation.Figures.Moment(moment).Total, sources.Sum(s => s.Moment(moment).Total));
    }

    private static readonly string[] s_sources = ["", "recursos-propios", "fism-df", "fortamun-df"];

    private static async Task<CommandResult> RandomCommandAsync(IActionGrain grain, int number, Random random)
    {
        var current = await grain.GetAsync();
        if (current is null)
            return random.Next(2) == 0
                ? await grain.CreateAsync(PoaBuilder.Action(number, 0, random) with { Activities = [PoaBuilder.Activity("Primera", random)] }, s_ana)
                : await grain.ImportAsync(PoaBuilder.Action(number, random.Next(1, 4), random), s_ana);

        // Now and then an editor works from an older version; conflicts are expected then, never lost updates.
        var seen = random.Next(6) == 0 ? Math.Max(0, current.Version - random.Next(1, 3)) : current.Version;
        var activities = current.Action.Activities;
        var activityId = activities.Count > 0 && random.Next(8) > 0 ? activities[random.Next(activities.Count)].Id : random.Next(1, 9);
        return random.Next(100) switch
        {
            < 30 => await grain.ReportProgressAsync(activityId, new MonthProgress(random.Next(1, 13), random.Next(0, 50), random.Next(0, 10_000), random.Next(3) == 0 ? "nota" : null), seen, s_ana),
            // Every moment of expenditure, not always in order (paid beyond exercised is a finding, not an error).
            < 40 => await grain.ReportProgressAsync(activityId, new MonthProgress(random.Next(1, 13), random.Next(0, 50), random.Next(0, 10_000), null,
                random.Next(0, 20_000), random.Next(0, 20_000), random.Next(0, 12_000), random.Next(0, 11_000), random.Next(0, 10_000)), seen, s_ana),
            < 55 => await grain.SetMonthlyTargetsAsync(activityId, [new MonthValue(random.Next(1, 13), random.Next(0, 60))], seen, s_luis),
            < 65 => await grain.UpdateAsync(new ActionUpdate(Investment: random.Next(0, 900) * 1000m, Beneficiaries: new Beneficiaries(random.Next(5000), random.Next(5000))), seen, s_luis),
            < 72 => await grain.UpdateAsync(new ActionUpdate(Axes: random.Next(2) == 0 ? ["Zacatecas Productivo"] : ["Zacatecas Productivo", "Zacatecas Patrimonio Mundial"], BudgetItems: [new BudgetItem(random.Next(2) == 0 ? "3191" : "6141")]), seen, s_ana),
            < 80 => await grain.AddActivityAsync(PoaBuilder.Activity("Nueva", random), seen, s_ana),
            < 83 => await grain.UpdateActivityAsync(activityId, new ActivityUpdate(Investment: random.Next(0, 50) * 500m), seen, s_ana),
            < 86 => await grain.UpdateActivityAsync(activityId, new ActivityUpdate(FundingSource: s_sources[random.Next(s_sources.Length)]), seen, s_ana),
            < 91 => await grain.RemoveActivityAsync(activityId, seen, s_ana),
            < 94 => await grain.ReportProgressAsync(activityId, new MonthProgress(random.Next(0, 14), -1, 0), seen, s_ana),
            < 97 => await grain.ImportAsync(PoaBuilder.Action(number, random.Next(0, 4), random), s_ana),
            _ => await grain.DeleteAsync(seen, s_ana),
        };
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteGrainTests(SqliteClusterFixture cluster, ITestOutputHelper output) : GrainBehaviourTests<SqliteClusterFixture>(cluster, output);

[Collection(PostgresCluster.Name)]
public sealed class PostgresGrainTests(PostgresClusterFixture cluster, ITestOutputHelper output) : GrainBehaviourTests<PostgresClusterFixture>(cluster, output);
