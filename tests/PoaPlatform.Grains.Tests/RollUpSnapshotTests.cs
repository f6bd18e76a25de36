using System.Diagnostics;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Domain.Model;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PoaPlatform.Grains.Tests;

/// <summary>Cold starts from the roll-up snapshots (docs/decisions/0017): a department or POA restarted answers from
/// what it stored without activating its children, a snapshot that missed a push is corrected by the background
/// validation, rows stored before snapshots still load, and an import's actions are admitted with one write.</summary>
public abstract class RollUpSnapshotTests<TFixture>(TFixture cluster, ITestOutputHelper output) where TFixture : ClusterFixture
{
    private static readonly Editor s_ana = new("ana", "obras");

    private IGrainFactory Grains => cluster.Grains;

    /// <summary>A POA of <paramref name="departments"/> departments of <paramref name="actions"/> actions, each with
    /// progress reported in one month (ENE..OCT; NOV and DIC stay empty for the tests to report).</summary>
    private async Task<(string Poa, List<string> Keys)> CityAsync(int departments, int actions, int seed)
    {
        var poa = await TestPoas.NewAsync(Grains, "snapshot");
        var random = new Random(seed);
        var keys = new List<string>();
        for (var d = 0; d < departments; d++)
        {
            for (var n = 1; n <= actions; n++)
            {
                var key = PoaKeys.Action(PoaKeys.Department(poa, $"secretaria-{d}"), n);
                var grain = Grains.GetGrain<IActionGrain>(key);
                var created = await grain.CreateAsync(PoaBuilder.Action(n, 2, random), s_ana);
                Assert.True(created.Succeeded, created.Error?.Message);
                var reported = await grain.ReportProgressAsync(1, new MonthProgress(1 + random.Next(10), random.Next(1, 40), random.Next(1, 9000), "Avance"), created.Version, s_ana);
                Assert.True(reported.Succeeded, reported.Error?.Message);
                keys.Add(key);
            }
        }
        return (poa, keys);
    }

    private async Task<string> ReadEverythingAsync(string poa, IEnumerable<string> departments)
    {
        var totals = await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync();
        var summary = await Grains.GetGrain<IPoaGrain>(poa).GetSummaryAsync();
        var views = await Task.WhenAll(departments.Select(d => Grains.GetGrain<IDepartmentGrain>(d).GetViewAsync()));
        // Versions of roll-ups follow the clock (a restart gives new ones); everything else must be the same.
        return Json(new
        {
            totals,
            summary = summary with { Version = 0, Departments = [.. summary.Departments.Select(d => d with { Version = 0 })] },
            views = views.Select(v => v with { Summary = v.Summary with { Version = 0 } }),
        });
    }

    private async Task<IReadOnlyList<string>> ActiveActionsAsync(string poa)
    {
        var active = await Grains.GetGrain<IManagementGrain>(0).GetActiveGrains(GrainType.Create("action"));
        return [.. active.Select(g => g.Key.ToString()!).Where(k => k.StartsWith(poa + "/", StringComparison.Ordinal))];
    }

    [Fact]
    public async Task ACityRestartedColdAnswersFromItsSnapshotsWithoutActivatingAnAction()
    {
        var (poa, keys) = await CityAsync(departments: 3, actions: 4, seed: 17);
        var departments = keys.Select(PoaKeys.Parent).Distinct().ToArray();
        var before = await ReadEverythingAsync(poa, departments);

        await cluster.RestartAsync();
        using (SummaryReads.HoldUnder(poa))
        {
            var clock = Stopwatch.StartNew();
            var totals = await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync();
            output.WriteLine($"first totals after the restart: {clock.ElapsedMilliseconds} ms");
            Assert.Equal(before, await ReadEverythingAsync(poa, departments));
            Assert.Equal(keys.Count, totals.Actions);
            // The departments' validations have started by now, and were refused before reaching an action.
            await Task.Delay(DepartmentValidationStarted);
            Assert.True(SummaryReads.Refused(poa) > 0, "the background validation asked the actions");
            Assert.Empty(await ActiveActionsAsync(poa));
        }
        // Released, the validation reads every action and finds nothing newer: the figures stay.
        await EventuallyAsync(async () => (await ActiveActionsAsync(poa)).Count, n => n == keys.Count, TimeSpan.FromSeconds(20));
        Assert.Equal(before, await ReadEverythingAsync(poa, departments));
    }

    [Fact]
    public async Task ASnapshotThatMissedAPushIsCorrectedByTheValidationWhileTheSnapshotAnswers()
    {
        var (poa, keys) = await CityAsync(departments: 2, actions: 2, seed: 29);
        var department = PoaKeys.Parent(keys[0]);
        await cluster.RestartAsync();
        var grain = Grains.GetGrain<IActionGrain>(keys[0]);
        var version = (await grain.GetAsync())!.Version;
        // The city reported ENE..OCT only: DIC is this test's.
        Assert.Equal(0, (await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync()).Achieved.OfMonth(12));

        // The report is durable in the action and taken by the department and the POA, but neither can write its
        // snapshot, not even when the silo stops: the stored snapshots miss it, as after a crash.
        using (StorageFaults.FailWritesOf(department))
        using (StorageFaults.FailWritesOf(poa))
        {
            var reported = await grain.ReportProgressAsync(1, new MonthProgress(12, 77, 7700, "Diciembre"), version, s_ana);
            Assert.True(reported.Succeeded, reported.Error?.Message);
            Assert.Equal(77, (await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync()).Achieved.OfMonth(12));
            await cluster.RestartAsync();
        }

        using (SummaryReads.HoldUnder(poa))
        {
            // Answered from the snapshots at once, without the push they missed.
            Assert.Equal(0, (await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync()).Achieved.OfMonth(12));
            Assert.Equal(0, (await Grains.GetGrain<IDepartmentGrain>(department).GetSummaryAsync()).Figures.Achieved.OfMonth(12));
            await Task.Delay(DepartmentValidationStarted);
            Assert.Empty(await ActiveActionsAsync(poa));
        }
        var totals = await EventuallyAsync(() => Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync(), t => t.Achieved.OfMonth(12) == 77, TimeSpan.FromSeconds(30));
        Assert.Equal(7700, totals.Exercised.OfMonth(12));
        var all = await Recompute.SnapshotsAsync(Grains, keys);
        Recompute.AssertEqual(Recompute.Figures(all), totals, "after the validation");
    }

    [Fact]
    public async Task RowsStoredWithoutASnapshotRebuildFromTheActionsOnceAndThenStartFromTheirSnapshot()
    {
        var (poa, keys) = await CityAsync(departments: 2, actions: 3, seed: 31);
        var departments = keys.Select(PoaKeys.Parent).Distinct().ToArray();
        var before = await ReadEverythingAsync(poa, departments);

        // As the code before snapshots left a POA: only the membership rows.
        await cluster.RestartAsync(async () =>
        {
            await using var connection = await cluster.Target.OpenConnectionAsync();
            await using var delete = connection.CreateCommand();
            delete.CommandText = $"DELETE FROM orleans_storage WHERE grain_id_extension_string LIKE '{poa}%' AND grain_type_string IN ('departmentRollUp', 'poaRollUp')";
            Assert.Equal(departments.Length + 1, await delete.ExecuteNonQueryAsync());
        });
        Assert.Equal(before, await ReadEverythingAsync(poa, departments));

        // The rebuild wrote the snapshots (at the latest when the silo stopped): the next cold start needs no action.
        await cluster.RestartAsync();
        using (SummaryReads.HoldUnder(poa))
        {
            Assert.Equal(before, await ReadEverythingAsync(poa, departments));
            await Task.Delay(DepartmentValidationStarted);
            Assert.Empty(await ActiveActionsAsync(poa));
        }
    }

    [Fact]
    public async Task AnImportThatNeverEndsStillReachesThePoaShortlyAfterItsLastAction()
    {
        var poa = await TestPoas.NewAsync(Grains, "sin-fin");
        var department = PoaKeys.Department(poa, "obras");
        var keys = Enumerable.Range(1, 3).Select(n => PoaKeys.Action(department, n)).ToArray();
        Assert.All(await Grains.GetGrain<IDepartmentGrain>(department).AdmitActionsAsync(keys), a => Assert.Null(a));
        var random = new Random(7);
        foreach (var key in keys)
            Assert.True((await Grains.GetGrain<IActionGrain>(key).ImportAsync(PoaBuilder.Action(PoaKeys.ActionNumber(key), 1, random), s_ana)).Succeeded);

        // The importer died before EndImportAsync: the department still pushes, a moment after its last action's push.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync()).Actions < 3)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the POA never took the department of an import that did not end");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task AnImportsActionsAreAdmittedWithOneMembershipWriteAndNothingMoreIsWrittenForThem()
    {
        var poa = await TestPoas.NewAsync(Grains, "bulk");
        var department = PoaKeys.Department(poa, "obras");
        var keys = Enumerable.Range(1, 30).Select(n => PoaKeys.Action(department, n)).ToArray();
        var grain = Grains.GetGrain<IDepartmentGrain>(department);

        var answers = await grain.AdmitActionsAsync([.. keys, keys[0], PoaKeys.Action(PoaKeys.Department(poa, "otra"), 1)]);

        Assert.All(answers.Take(31), a => Assert.Null(a));
        Assert.Equal((ErrorCodes.Validation, "number"), (answers[31]?.Code, answers[31]?.Field));
        Assert.Equal(1, StorageFaults.Writes(PoaStorage.DepartmentState, department));
        // Each action of the import, once created, finds its place taken and its membership written.
        var random = new Random(41);
        foreach (var key in keys.Take(29))
        {
            var imported = await Grains.GetGrain<IActionGrain>(key).ImportAsync(PoaBuilder.Action(PoaKeys.ActionNumber(key), 1, random), s_ana);
            Assert.True(imported.Succeeded, imported.Error?.Message);
        }
        Assert.Equal(1, StorageFaults.Writes(PoaStorage.DepartmentState, department));
        // The import held back the department's pushes to the POA; ending it pushes once, and the city is current.
        await grain.EndImportAsync();

        // The 30th action's import never happens: admitted, it shows nowhere, before and after a cold start.
        async Task AssertTwentyNineAsync(string when)
        {
            var view = await Grains.GetGrain<IDepartmentGrain>(department).GetViewAsync();
            Assert.True(29 == view.Actions.Count, when);
            Assert.Equal(29, view.Summary.Figures.Actions);
            Assert.DoesNotContain(view.Actions, a => a.Key == keys[29]);
            var city = await Grains.GetGrain<IPoaGrain>(poa).GetSummaryAsync();
            Assert.Equal(29, city.Figures.Actions);
            Assert.Equal(29, Assert.Single(city.Departments).Figures.Actions);
        }
        await AssertTwentyNineAsync("before the restart");
        await cluster.RestartAsync();
        await AssertTwentyNineAsync("from the snapshot");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await AssertTwentyNineAsync("after the validation");
        // Created later, it takes its admitted place without another membership write.
        var late = await Grains.GetGrain<IActionGrain>(keys[29]).CreateAsync(PoaBuilder.Action(30, 1, random), s_ana);
        Assert.True(late.Succeeded, late.Error?.Message);
        Assert.Equal(30, (await Grains.GetGrain<IDepartmentGrain>(department).GetSummaryAsync()).Figures.Actions);
        Assert.Equal(1, StorageFaults.Writes(PoaStorage.DepartmentState, department));
    }

    [Fact]
    public async Task BulkAdmissionRespectsTheDepartmentsLimitCountingWhatItAlreadyHas()
    {
        var poa = await TestPoas.NewAsync(Grains, "bulk");
        var department = PoaKeys.Department(poa, "obras");
        var grain = Grains.GetGrain<IDepartmentGrain>(department);
        var created = await Grains.GetGrain<IActionGrain>(PoaKeys.Action(department, 1)).CreateAsync(PoaBuilder.Action(1, 0, new Random(3)), s_ana);
        Assert.True(created.Succeeded, created.Error?.Message);
        Assert.Null(await grain.AdmitActionAsync(PoaKeys.Action(department, 2)));

        var keys = Enumerable.Range(3, PoaRules.MaxActionsPerDepartment + 1).Select(n => PoaKeys.Action(department, n)).ToArray();
        var answers = await grain.AdmitActionsAsync(keys);

        // Two places are taken (one action, one admitted): MaxActionsPerDepartment - 2 more fit.
        Assert.All(answers.Take(PoaRules.MaxActionsPerDepartment - 2), a => Assert.Null(a));
        var refused = answers.Skip(PoaRules.MaxActionsPerDepartment - 2).ToArray();
        Assert.Equal(3, refused.Length);
        Assert.All(refused, e => Assert.Equal((ErrorCodes.Validation, "number"), (e?.Code, e?.Field)));
        Assert.Contains($"({PoaRules.MaxActionsPerDepartment})", refused[0]!.Message, StringComparison.Ordinal);
        var beyond = await Grains.GetGrain<IActionGrain>(PoaKeys.Action(department, 9999)).CreateAsync(PoaBuilder.Action(9999, 0, new Random(4)), s_ana);
        Assert.Equal((ErrorCodes.Validation, "number"), (beyond.Error?.Code, beyond.Error?.Field));
    }

    /// <summary>Long enough for a cold department's validation (<c>DepartmentGrain.ValidationDelay</c>) to have asked.</summary>
    private static readonly TimeSpan DepartmentValidationStarted = TimeSpan.FromSeconds(2);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (clock.Elapsed > within)
                throw new Xunit.Sdk.XunitException($"Still not there after {within}: {Json(value!)}");
            await Task.Delay(100);
        }
    }

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteRollUpSnapshotTests(SqliteClusterFixture cluster, ITestOutputHelper output) : RollUpSnapshotTests<SqliteClusterFixture>(cluster, output);

[Collection(PostgresCluster.Name)]
public sealed class PostgresRollUpSnapshotTests(PostgresClusterFixture cluster, ITestOutputHelper output) : RollUpSnapshotTests<PostgresClusterFixture>(cluster, output);
