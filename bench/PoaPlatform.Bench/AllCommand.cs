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

/// <summary><c>all</c>: every benchmark on one generated city, sharing servers where the benchmarks allow it: the SQLite
/// server imports the city (import time), serves the consolidation, the heavy documents and then the SQLite edits; the
/// silent sockets get a server of their own (their limit per address is raised).</summary>
public static class AllCommand
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var city = CityRun.Create(options.Shape);
        var importRows = new List<string[]>();
        Report consolidation, heavy;
        List<LoadResult> sqliteEdits;
        await using (var server = await BenchServer.StartAsync(StorageProvider.Sqlite))
        {
            await ImportBenchmark.ImportAsync(server, city, importRows);
            consolidation = await ConsolidationBenchmark.MeasureAsync(server, city, options);
            heavy = await HeavyDocumentsBenchmark.MeasureAsync(server, city, options);
            sqliteEdits = await EditingBenchmark.MutateAsync(server, city, options);
        }
        var postgres = await EditingBenchmark.MeasurePostgresAsync(city, options, importRows);
        var memory = await MemoryBenchmark.MeasureAsync(city);
        var xlsx = await XlsxBenchmark.MeasureAsync(city, options);
        var sockets = await SilentSocketsBenchmark.MeasureAsync(city, options);

        Output.Write(options, consolidation);
        Output.Write(options, EditingBenchmark.Section(city, options, postgres, sqliteEdits));
        Output.Write(options, ImportBenchmark.Section(importRows));
        Output.Write(options, memory);
        Output.Write(options, xlsx);
        Output.Write(options, heavy);
        Output.Write(options, sockets);
        return 0;
    }
}
