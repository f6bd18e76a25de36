using PoaPlatform.Bench.ColdStart;
using PoaPlatform.Bench.Consolidation;
using PoaPlatform.Bench.Editing;
using PoaPlatform.Bench.Hostile;
using PoaPlatform.Bench.Hosting;
using PoaPlatform.Bench.Import;
using PoaPlatform.Bench.Measuring;
using PoaPlatform.Bench.Memory;
using PoaPlatform.Bench.Xlsx;
using PoaPlatform.Persistence;

namespace PoaPlatform.Bench;

/// <summary><c>all</c>: every benchmark in one run, sharing servers where the benchmarks allow it.
/// <list type="number">
/// <item>SQLite, default city: a fresh server imports it through POST /import, restarts (cold start), serves the
/// consolidation, the heavy documents and the SQLite edits, stops; its file's journal mode and synchronous are read.</item>
/// <item>SQLite, large city (<c>--large-departments 400</c>): a fresh server imports it, restarts (cold start) and
/// serves the consolidation at 10,000 actions.</item>
/// <item>One durable PostgreSQL cluster: a server imports the default city, restarts (cold start), takes the edits and
/// stops; pgbench; then a server on a second database imports the large city and restarts (cold start).</item>
/// <item>Memory (in-process silo), .xlsx (dry-run uploads only: the saved upload is step 2), silent sockets (own server).</item>
/// </list>
/// A city refused in part (a department beyond the POA's limit) is reported as such and the benchmarks that need it
/// are not measured; the command then exits with 1 after writing everything.</summary>
public static class AllCommand
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var cities = ImportBenchmark.Cities(options);
        var city = cities[0];
        var large = cities.Count > 1 ? cities[1] : null;
        var imports = new List<ImportFigures>();
        var coldStarts = new List<ColdStartFigures>();
        Report consolidation, heavy;
        Report? consolidationLarge = null;
        EditingBenchmark.SqliteFigures sqliteEdits;
        await using (var server = await BenchServer.StartAsync(StorageProvider.Sqlite))
        {
            if (!await ImportBenchmark.ImportAndRestartAsync(server, city, imports, coldStarts))
                throw new InvalidOperationException($"POST /import of the default city {city.Shape} on SQLite: {imports[^1].Refusal}");
            consolidation = await ConsolidationBenchmark.MeasureAsync(server, city, options);
            heavy = await HeavyDocumentsBenchmark.MeasureAsync(server, city, options);
            var edits = await EditingBenchmark.MutateAsync(server, city, options);
            sqliteEdits = await EditingBenchmark.StopAndReadSettingsAsync(server, edits);
        }
        if (large is not null)
        {
            await using var server = await BenchServer.StartAsync(StorageProvider.Sqlite);
            if (await ImportBenchmark.ImportAndRestartAsync(server, large, imports, coldStarts))
                consolidationLarge = await ConsolidationBenchmark.MeasureAsync(server, large, options, large: true);
            else
                consolidationLarge = new Report().Line($"## Consolidation at {large.Shape.TotalActions:N0} actions").Line()
                    .Line($"**Not measured**: the import of {large.Shape} was refused in part ({imports[^1].Refusal}).").Line();
        }
        var postgres = await EditingBenchmark.MeasurePostgresAsync(city, options, imports, coldStarts, large is null ? null : async cluster =>
        {
            await cluster.CreateDatabaseAsync("poa_large");
            await using var server = await BenchServer.StartAsync(StorageProvider.PostgreSql, cluster.ConnectionString("poa_large"));
            await ImportBenchmark.ImportAndRestartAsync(server, large, imports, coldStarts, cluster);
        });
        var memory = await MemoryBenchmark.MeasureAsync(city);
        var xlsx = await XlsxBenchmark.MeasureAsync(city, options, saveUpload: large is null);
        var sockets = await SilentSocketsBenchmark.MeasureAsync(city, options);

        Output.Write(options, consolidation);
        if (consolidationLarge is not null)
            Output.Write(options, consolidationLarge);
        Output.Write(options, EditingBenchmark.Section(city, options, postgres, sqliteEdits));
        Output.Write(options, ImportBenchmark.Section(imports, city.Shape));
        Output.Write(options, ColdStartBenchmark.Section(coldStarts, imports));
        Output.Write(options, memory);
        Output.Write(options, xlsx);
        Output.Write(options, heavy);
        Output.Write(options, sockets);
        if (imports.All(i => i.Complete))
            return 0;
        Console.Error.WriteLine("ERROR: part of a city was refused by the server (see the import section); the benchmarks that need it were not measured.");
        return 1;
    }
}
