using System.Data.Common;
using System.Text.Json;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Domain.Model;
using PoaPlatform.Grains.Tests.Infrastructure;
using PoaPlatform.Persistence;
using PoaPlatform.Testing;

namespace PoaPlatform.Grains.Tests;

/// <summary>Rows that the code of commit 7524ed1 wrote (Fixtures/state-rows-7524ed1.json: an action after import, rename,
/// progress, targets and a removed activity; a deleted action; its department and POA) load into today's grains.</summary>
public abstract class StoredStateCompatibilityTests<TFixture>(TFixture cluster) where TFixture : ClusterFixture
{
    private const string Poa = "legado/2021";
    private const string Department = "legado/2021/secretaria-particular";
    private static readonly Editor s_ana = new("ana", "secretaria-particular");

    [Fact]
    public async Task RowsWrittenByTheCodeBeforeFieldPathsLoadWithEveryValueAndVersion()
    {
        await InsertFixtureRowsAsync();
        var action = cluster.Grains.GetGrain<IActionGrain>($"{Department}/4");

        var snapshot = (await action.GetAsync())!;

        Assert.Equal(5, snapshot.Version);
        Assert.Equal("Comunicación social", snapshot.Action.Name);
        Assert.Equal(["Zacatecas Gobierno de Calidad", "Zacatecas Productivo"], snapshot.Action.Axes);
        Assert.Equal(new Beneficiaries(77036, 80884), snapshot.Action.Beneficiaries);
        Assert.Equal(4_181_100m, snapshot.Action.Investment);
        Assert.Equal(["3622", "3661"], snapshot.Action.BudgetItems.Select(b => b.Code));
        Assert.Equal([1, 2], snapshot.Action.Activities.Select(a => a.Id));
        Assert.Equal((3m, 14m), (snapshot.Action.Activities[0].Monthly.OfMonth(2), snapshot.Action.Activities[0].AnnualTarget));
        Assert.Equal(new MonthProgress(3, 18, 310_000.50m, "Marzo"), Assert.Single(snapshot.ProgressOf(2).Months));
        Assert.Equal(2, snapshot.VersionOf(FieldPath.Of(FieldKind.Name)));
        Assert.Equal(3, snapshot.VersionOf(FieldPath.Progress(2, 3)));
        Assert.Equal(4, snapshot.VersionOf(FieldPath.Target(1, 2)));
        Assert.Equal(5, snapshot.VersionOf(FieldPath.Activity(3)));
        Assert.Null(await cluster.Grains.GetGrain<IActionGrain>($"{Department}/5").GetAsync());

        var department = await cluster.Grains.GetGrain<IDepartmentGrain>(Department).GetSummaryAsync();
        Assert.Equal("Secretaría Particular", department.Name);
        Assert.Contains(department.Findings, f => f.Code == "SUMMARY_TOTAL_MISMATCH");
        var poa = await cluster.Grains.GetGrain<IPoaGrain>(Poa).GetSummaryAsync();
        Assert.Equal(4_181_100m, poa.Figures.Investment);
        Assert.Equal(18, poa.Figures.Achieved.OfMonth(3));
        Assert.Equal(Department, Assert.Single(poa.Departments).Key);
    }

    [Fact]
    public async Task AnUpgradedActionKeepsItsVersionsForConflictsAndItsNextActivityIdAndIsWrittenInTheNewShape()
    {
        await InsertFixtureRowsAsync();
        await cluster.Grains.GetGrain<IPoaGrain>(Poa).SetCalendarAsync(TestCalendar.OpenCutOffs(), null, new CommandContext(new Editor("paula", "")));
        var action = cluster.Grains.GetGrain<IActionGrain>($"{Department}/4");

        var stale = await action.ReportProgressAsync(2, new MonthProgress(3, 20, 0), 2, s_ana);
        var added = await action.AddActivityAsync(new Activity(0, "Nueva", "Área", "Piezas", "Número de piezas", 0, 0, MonthlyValues.Zero), 5, s_ana);
        await cluster.RestartAsync();
        var reloaded = (await cluster.Grains.GetGrain<IActionGrain>($"{Department}/4").GetAsync())!;

        Assert.Equal(ErrorCodes.Conflict, stale.Error?.Code);
        Assert.Equal("activity/2/progress/3", stale.Error!.Field);
        Assert.Equal((true, 6L, 4), (added.Succeeded, added.Version, added.ActivityId));
        Assert.Equal([1, 2, 4], reloaded.Action.Activities.Select(a => a.Id));
        Assert.Equal(18, reloaded.ProgressOf(2).Of(3)!.Achieved);
        Assert.Equal(2, reloaded.VersionOf(FieldPath.Of(FieldKind.Name)));
    }

    /// <summary>Rows the code of 88ff3da wrote (before moments of expenditure, indicator sheets and funding sources):
    /// what it stored as "spent" is read as exercised, nothing else appears, and the action's figures roll up.</summary>
    [Fact]
    public async Task ProgressWrittenAsSpentBeforeTheMomentsOfExpenditureIsReadAsExercised()
    {
        await InsertFixtureRowsAsync("state-rows-88ff3da.json", "legado2/");
        var snapshots = await Recompute.SnapshotsAsync(cluster.Grains, ["legado2/2021/obras-publicas/1", "legado2/2021/obras-publicas/2"]);
        Assert.Equal(2, snapshots.Count);
        var months = snapshots.SelectMany(s => s.Progress).SelectMany(p => p.Months).ToList();
        Assert.NotEmpty(months);
        Assert.Equal(
            [("legado2/2021/obras-publicas/1", 1, 2, 10m, 1500.50m, "Febrero"), ("legado2/2021/obras-publicas/1", 2, 3, 9m, 200m, "Marzo"),
             ("legado2/2021/obras-publicas/2", 1, 1, 10m, 99.99m, (string?)null)],
            snapshots.SelectMany(s => s.Progress.SelectMany(p => p.Months.Select(m => (s.Key, p.ActivityId, m.Month, m.Achieved, m.Exercised, m.Note)))));
        Assert.All(months, m => Assert.Equal((0m, 0m, 0m, 0m, 0m), (m.Approved, m.Modified, m.Committed, m.Accrued, m.Paid)));
        Assert.All(snapshots, s => Assert.All(s.Action.Activities, a => Assert.Equal((null, null), (a.IndicatorSheet, a.FundingSource))));
        Assert.All(snapshots, s => Assert.Null(s.Action.IndicatorSheet));
        // 88ff3da kept the field versions in a dictionary: they are read into the sorted collection, every one.
        Assert.All(snapshots, s => Assert.True(s.FieldVersions.Count > 10));
        Assert.All(snapshots, s => Assert.All(s.FieldVersions, v => Assert.InRange(v.Version, 1, s.Version)));
        Assert.All(snapshots, s => Assert.Equal(s.FieldVersions.OrderBy(v => v.Path), s.FieldVersions));

        var department = await cluster.Grains.GetGrain<IDepartmentGrain>("legado2/2021/obras-publicas").GetSummaryAsync();
        Assert.Equal(months.Sum(m => m.Exercised), department.Figures.Exercised.Total);
        Assert.Equal(months.Sum(m => m.Exercised), Assert.Single(department.BySource!).Exercised.Total);
        Assert.Equal(Abstractions.Actions.ActionSummary.NoSource, department.BySource![0].Key);
        Assert.Equal(0m, department.Figures.Moment(BudgetMoment.Paid).Total);
    }

    /// <summary>Puts the stored rows back as they were, replacing what an earlier test of this fixture made of them.</summary>
    private async Task InsertFixtureRowsAsync(string file = "state-rows-7524ed1.json", string prefix = "legado/")
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", file)));
        await using var connection = await cluster.Target.OpenConnectionAsync();
        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = $"DELETE FROM orleans_storage WHERE grain_id_extension_string LIKE '{prefix}%'";
            await delete.ExecuteNonQueryAsync();
        }
        foreach (var row in json.RootElement.GetProperty("rows").EnumerateArray())
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO orleans_storage (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string,
                    grain_type_hash, grain_id_hash, payload_binary, version)
                VALUES (@service, @type, @n0, @n1, @extension, @typeHash, @idHash, @payload, @version)
                """;
            Add(insert, "service", row.GetProperty("serviceId").GetString());
            Add(insert, "type", row.GetProperty("grainType").GetString());
            Add(insert, "n0", row.GetProperty("n0").GetInt64());
            Add(insert, "n1", row.GetProperty("n1").GetInt64());
            Add(insert, "extension", row.GetProperty("extension").GetString());
            Add(insert, "typeHash", checked((int)row.GetProperty("typeHash").GetInt64()));
            Add(insert, "idHash", checked((int)row.GetProperty("idHash").GetInt64()));
            Add(insert, "payload", Convert.FromBase64String(row.GetProperty("payload").GetString()!));
            Add(insert, "version", checked((int)row.GetProperty("version").GetInt64()));
            await insert.ExecuteNonQueryAsync();
        }
        // Grains that a previous test of this fixture activated still hold the state it left.
        await cluster.RestartAsync();
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = (name, value);
        command.Parameters.Add(parameter);
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteStoredStateCompatibilityTests(SqliteClusterFixture cluster) : StoredStateCompatibilityTests<SqliteClusterFixture>(cluster);

[Collection(PostgresCluster.Name)]
public sealed class PostgresStoredStateCompatibilityTests(PostgresClusterFixture cluster) : StoredStateCompatibilityTests<PostgresClusterFixture>(cluster);
