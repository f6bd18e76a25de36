using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Consolidation;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Bench.Hosting;
using PoaPlatform.Bench.Import;
using PoaPlatform.Bench.Measuring;
using PoaPlatform.Grains.Hosting;
using PoaPlatform.Grains.Import;
using PoaPlatform.Persistence;
using PoaPlatform.Testing;

namespace PoaPlatform.Bench.Memory;

/// <summary>
/// Managed memory of the grains of a city: a silo in this process on SQLite imports the city and stops; a second
/// silo on the same file starts cold, and the live heap (<c>GC.GetTotalMemory(true)</c>) is read before and after
/// activating every action grain, then the department and city grains.
/// </summary>
public static class MemoryBenchmark
{
    public const string Command = "dotnet bench/PoaPlatform.Bench/bin/Release/net10.0/PoaPlatform.Bench.dll memory";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var city = CityRun.Create(options.Shape);
        Output.Write(options, await MeasureAsync(city));
        return 0;
    }

    public static async Task<Report> MeasureAsync(CityRun city)
    {
        var directory = Path.Combine(Path.GetTempPath(), "poa-bench-memory-" + Guid.NewGuid().ToString("N")[..8]);
        var target = StorageTarget.Sqlite(Path.Combine(directory, "poa.db"));
        try
        {
            await Migrator.MigrateAsync(target);
            using (var importing = await StartSiloAsync(target))
            {
                Console.Error.WriteLine($"In-process silo: importing {city.Shape}...");
                var watch = Stopwatch.StartNew();
                var result = await new PoaImporter(importing.Services.GetRequiredService<IGrainFactory>())
                    .ImportAsync(BenchServer.Municipality, city.Document, Editor.System);
                if (result.ImportedActions != city.Shape.TotalActions)
                    throw new InvalidOperationException($"Imported {result.ImportedActions} of {city.Shape.TotalActions} actions.");
                Console.Error.WriteLine($"Imported in {watch.Elapsed.TotalSeconds:N1} s; restarting the silo cold.");
                await importing.StopAsync();
            }

            using var host = await StartSiloAsync(target);
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            // Warm the code paths (activation, storage read, serializer) on a key that is not part of the city.
            await grains.GetGrain<IActionGrain>("warm-up/2021/none/1").GetSummaryAsync();
            await grains.GetGrain<IDepartmentGrain>("warm-up/2021/none").GetSummaryAsync();

            var keys = BenchServer.ActionKeys(city.Document).Select(k => k.Key).ToArray();
            var poaKey = PoaKeys.Poa(BenchServer.Municipality, city.Document.Year);
            var departmentKeys = city.Document.Departments.Select(d => PoaKeys.Department(poaKey, d.Slug)).ToArray();

            var before = LiveBytes();
            var workingSetBefore = Environment.WorkingSet;
            foreach (var chunk in keys.Chunk(100))
            {
                var summaries = await Task.WhenAll(chunk.Select(k => grains.GetGrain<IActionGrain>(k).GetSummaryAsync()));
                if (summaries.Any(s => s is null))
                    throw new InvalidOperationException("An imported action read back as missing.");
            }
            var afterActions = LiveBytes();
            await Task.WhenAll(departmentKeys.Select(k => grains.GetGrain<IDepartmentGrain>(k).GetSummaryAsync()));
            var totals = await grains.GetGrain<IPoaGrain>(poaKey).GetTotalsAsync();
            if (totals.Actions != city.Shape.TotalActions)
                throw new InvalidOperationException($"The city grain counts {totals.Actions} actions.");
            var firstAnswers = LiveBytes();
            // The department and city grains answer from their snapshots at once and then validate them against their
            // children in the background, keeping each child's own summary instead of the snapshot's copy: what a
            // running city holds is read once the heap stops shrinking (two readings a second apart within 1 %).
            var afterAll = firstAnswers;
            var settleWatch = Stopwatch.StartNew();
            for (var previous = long.MaxValue; settleWatch.Elapsed < SettleLimit && previous - afterAll > afterAll / 100;)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                (previous, afterAll) = (afterAll, LiveBytes());
            }
            var settledAfter = settleWatch.Elapsed;
            var workingSetAfter = Environment.WorkingSet;
            await host.StopAsync();

            var perAction = (afterActions - before) / (double)keys.Length;
            var perDepartmentAndCity = (afterAll - afterActions) / (double)(departmentKeys.Length + 1);
            Console.Error.WriteLine($"Live heap: {before:N0} → {afterActions:N0} ({perAction:N0} B per action) → {afterAll:N0} bytes.");
            var report = new Report()
                .Line("## Memory: active grains")
                .Line()
                .Line(string.Create(CultureInfo.InvariantCulture,
                    $"A silo in the benchmark's process (UseLocalhostClustering on free ports, AddPoaGrainStorage on SQLite) imports the default city ({city.Shape}) with PoaImporter and stops; " +
                    $"a second silo starts cold on the same file, warms its code paths on keys outside the city, and reads the live managed heap with `GC.GetTotalMemory(forceFullCollection: true)` " +
                    $"before and after activating all {keys.Length:N0} action grains (`GetSummaryAsync`), then the {departmentKeys.Length} department grains and the city grain (which roll up from them), " +
                    $"and again once the heap stops shrinking (the department and city grains, started from their snapshots, validate them against their children in the background and keep each child's own summary, not the snapshot's copy; read every second until two readings are within 1 %, at most {SettleLimit.TotalSeconds:N0} s). The target is read on the settled heap. " +
                    $"What an active action holds: its state (programming, progress, the version of every field and cell), its summary with findings, and the Orleans activation itself."))
                .Line()
                .Table(["what", "live heap", "per grain"],
                [
                    ["before activation (silo started, warm)", Mb(before), "-"],
                    [$"+ {keys.Length:N0} action grains", Mb(afterActions), Report.F(perAction / 1024, 1) + " KiB per action"],
                    [$"+ {departmentKeys.Length} department grains + city grain, at their first answers (from their snapshots)", Mb(firstAnswers),
                        Report.F((firstAnswers - afterActions) / (double)(departmentKeys.Length + 1) / 1024, 1) + " KiB per department/city grain"],
                    [string.Create(CultureInfo.InvariantCulture, $"settled: the snapshots validated, each child's own summary held ({settledAfter.TotalSeconds:N0} s later)"), Mb(afterAll),
                        Report.F(perDepartmentAndCity / 1024, 1) + " KiB per department/city grain"],
                    ["whole default city (all grains)", Mb(afterAll - before), Report.F((afterAll - before) / (double)keys.Length / 1024, 1) + " KiB per action, everything included"],
                ])
                .Line(string.Create(CultureInfo.InvariantCulture,
                    $"Process working set: {workingSetBefore / 1e6:N0} MB before, {workingSetAfter / 1e6:N0} MB after (includes the runtime, JIT code and SQLite's page cache)."))
                .Line();
            // Issue 17: ≤ 16 KiB per action, counted with everything the city's grains hold (departments and city included).
            report.Target("Memory per action, whole city's grains (live heap after activating every grain ÷ actions)", "≤ 16 KiB",
                (afterAll - before) / (double)keys.Length / 1024, 16, higherIsBetter: false, "KiB", Command);
            return report;
        }
        finally
        {
            SqliteCleanup(directory);
        }
    }

    /// <summary>How long the benchmark waits for the roll-ups to settle before it reads the heap anyway.</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(20);

    private static long LiveBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Mb(long bytes) => Report.F(bytes / 1024.0 / 1024.0, 1) + " MiB";

    private static async Task<IHost> StartSiloAsync(StorageTarget target)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var ports = FreePort.Next(2);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(ports[0], ports[1]).AddPoaGrainStorage(target));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static void SqliteCleanup(string directory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
    }
}
