using System.Diagnostics;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Domain.Model;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Grains.Import;
using PoaPlatform.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PoaPlatform.Grains.Tests;

/// <summary>The benchmark's large city (400 departments of 25 actions, 10,000 actions): it imports, and after a restart
/// its first totals come from the snapshots, within the two seconds and far from Orleans' response timeout.</summary>
public abstract class LargeCityTests<TFixture>(TFixture cluster, ITestOutputHelper output) where TFixture : ClusterFixture
{
    private const int Departments = 400;
    private const int ActionsPerDepartment = 25;

    /// <summary>The target for the first totals query of a cold city of 10,000 actions.</summary>
    private static readonly TimeSpan s_coldTotals = TimeSpan.FromSeconds(2);

    protected async Task AFourHundredDepartmentCityImportsAndAnswersItsFirstTotalsAfterARestartFromTheSnapshotsAsync()
    {
        Assert.True(Departments <= PoaRules.MaxDepartmentsPerPoa);
        var poa = await TestPoas.NewAsync(cluster.Grains, "grande");
        var random = new Random(400);
        var document = new PoaDocument(2021,
            [.. Enumerable.Range(1, Departments).Select(d => new Department($"Secretaría {d:000}",
                [.. Enumerable.Range(1, ActionsPerDepartment).Select(n => PoaBuilder.Action(n, 2, random))]))], []);

        // Each department admits its actions with one write, as the importer is to do, so that an action's import is
        // its own write only.
        var clock = Stopwatch.StartNew();
        foreach (var chunk in document.Departments.Chunk(8))
        {
            var admitted = await Task.WhenAll(chunk.Select(d => PoaKeys.Department(poa, d.Slug)).Select(department =>
                cluster.Grains.GetGrain<IDepartmentGrain>(department).AdmitActionsAsync([.. Enumerable.Range(1, ActionsPerDepartment).Select(n => PoaKeys.Action(department, n))])));
            Assert.All(admitted.SelectMany(a => a), a => Assert.Null(a));
        }
        output.WriteLine($"bulk admission of {Departments * ActionsPerDepartment} actions: {clock.Elapsed.TotalSeconds:0.0} s");
        // Four departments at a time (the importer takes one after another): the test's time is mostly the actions' writes.
        clock.Restart();
        var importer = new PoaImporter(cluster.Grains);
        foreach (var chunk in document.Departments.Chunk(4))
        {
            var results = await Task.WhenAll(chunk.Select(d => importer.ImportAsync(PoaKeys.Parent(poa), document with { Departments = [d] }, new Editor("ana", ""))));
            Assert.All(results, r => Assert.Empty(r.Failures));
            Assert.Equal(chunk.Length * ActionsPerDepartment, results.Sum(r => r.ImportedActions));
        }
        output.WriteLine($"import of {Departments * ActionsPerDepartment} actions: {clock.Elapsed.TotalSeconds:0.0} s");
        var before = await cluster.Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync();
        Assert.Equal(Departments * ActionsPerDepartment, before.Actions);
        Assert.Equal(document.Departments.Sum(d => d.Actions.Sum(a => a.Investment)), before.Investment);

        clock.Restart();
        await cluster.RestartAsync();
        output.WriteLine($"restart (snapshots written on deactivation): {clock.Elapsed.TotalSeconds:0.0} s");

        clock.Restart();
        var totals = await cluster.Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync();
        var first = clock.Elapsed;
        var summary = await cluster.Grains.GetGrain<IPoaGrain>(poa).GetSummaryAsync();
        output.WriteLine($"first totals after the restart: {first.TotalMilliseconds:0} ms; with the whole summary: {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(before, totals);
        Assert.Equal(Departments, summary.Departments.Count);
        Assert.True(first < s_coldTotals, $"the first totals took {first}");
    }
}

/// <summary>A fact that runs only when <see cref="Variable"/> is 1: the PostgreSQL import of 10,000 actions takes about
/// 20 minutes on a shared 2-core machine (SQLite about 3).</summary>
public sealed class LargePostgresFactAttribute : FactAttribute
{
    public const string Variable = "POA_LARGE_CITY_POSTGRES";

    public LargePostgresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"The 10,000-action import takes about 20 minutes on PostgreSQL; set {Variable}=1 to run it.";
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteLargeCityTests(SqliteClusterFixture cluster, ITestOutputHelper output) : LargeCityTests<SqliteClusterFixture>(cluster, output)
{
    [Fact]
    public Task AFourHundredDepartmentCityImportsAndAnswersItsFirstTotalsAfterARestartFromTheSnapshots() =>
        AFourHundredDepartmentCityImportsAndAnswersItsFirstTotalsAfterARestartFromTheSnapshotsAsync();
}

[Collection(PostgresCluster.Name)]
public sealed class PostgresLargeCityTests(PostgresClusterFixture cluster, ITestOutputHelper output) : LargeCityTests<PostgresClusterFixture>(cluster, output)
{
    [LargePostgresFact]
    public Task AFourHundredDepartmentCityImportsAndAnswersItsFirstTotalsAfterARestartFromTheSnapshots() =>
        AFourHundredDepartmentCityImportsAndAnswersItsFirstTotalsAfterARestartFromTheSnapshotsAsync();
}
