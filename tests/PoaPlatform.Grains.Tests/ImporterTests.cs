using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Domain.Model;
using PoaPlatform.Grains.Import;
using PoaPlatform.Grains.Tests.Infrastructure;

namespace PoaPlatform.Grains.Tests;

/// <summary>The importer's progress as departments are imported side by side, and the references it asks for.</summary>
public abstract class ImporterTests<TFixture>(TFixture cluster) where TFixture : ClusterFixture
{
    private static readonly Editor s_planner = new("planeacion", "");

    private IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task EachDepartmentIsReportedOnceAsItEndsOneReportAtATime()
    {
        // More departments than the importer takes at once, so that some end while others are still being imported.
        const int departments = PoaImporter.DepartmentsAtOnce + 3;
        var municipality = $"avance-{Guid.NewGuid():N}";
        var random = new Random(17);
        var document = new PoaDocument(2021,
            [.. Enumerable.Range(1, departments).Select(d => new Department($"Secretaría {d}", [PoaBuilder.Action(1, 2, random), PoaBuilder.Action(2, 1, random)]))], []);
        var reports = new List<PoaImportProgress>();
        var inside = 0;
        var overlapped = false;

        var result = await new PoaImporter(Grains).ImportAsync(municipality, document, s_planner, progress: async (p, ct) =>
        {
            overlapped |= Interlocked.Increment(ref inside) > 1;
            reports.Add(p);
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref inside);
        });

        Assert.Equal((2 * departments, 0), (result.ImportedActions, result.Failures.Count));
        Assert.False(overlapped);
        Assert.Equal(Enumerable.Range(1, departments), reports.Select(r => r.DepartmentsDone));
        Assert.All(reports, r => Assert.Equal(departments, r.Departments));
        Assert.Equal(document.Departments.Select(d => d.Name).Order(), reports.Select(r => r.Department).Order());
        Assert.Equal(reports.Select(r => r.ImportedActions).Order(), reports.Select(r => r.ImportedActions));
        Assert.Equal(2 * departments, reports[^1].ImportedActions);
        var summary = await Grains.Grain<IPoaGrain>(PoaKeys.Poa(municipality, 2021)).GetSummaryAsync();
        Assert.Equal(2 * departments, summary.Figures.Actions);
    }

    [Fact]
    public async Task AReferenceMadeFromTheResolvedTypesIsTheOneOrleansMakes()
    {
        var key = PoaKeys.Action(PoaKeys.Department(PoaKeys.Poa($"referencias-{Guid.NewGuid():N}", 2021), "obras"), 1);
        var first = Grains.Grain<IActionGrain>(key);
        var again = Grains.Grain<IActionGrain>(key);
        var other = Grains.Grain<IActionGrain>(key[..^1] + "2");

        var orleans = Grains.GetGrain<IActionGrain>(key);
        Assert.Equal(((GrainReference)orleans).GrainId, ((GrainReference)again).GrainId);
        Assert.Equal(((GrainReference)orleans).InterfaceType, ((GrainReference)again).InterfaceType);
        Assert.Equal(first.GetGrainId(), again.GetGrainId());
        Assert.NotEqual(again.GetGrainId(), other.GetGrainId());
        var created = await again.CreateAsync(PoaBuilder.Action(1, 1, new Random(3)), s_planner);
        Assert.True(created.Succeeded, created.Error?.Message);
        Assert.Equal(created.Version, (await orleans.GetAsync())!.Version);
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteImporterTests(SqliteClusterFixture cluster) : ImporterTests<SqliteClusterFixture>(cluster);

[Collection(PostgresCluster.Name)]
public sealed class PostgresImporterTests(PostgresClusterFixture cluster) : ImporterTests<PostgresClusterFixture>(cluster);
