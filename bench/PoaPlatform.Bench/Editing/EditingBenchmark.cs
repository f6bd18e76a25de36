using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using PoaPlatform.Bench.ColdStart;
using PoaPlatform.Bench.Generation;
using PoaPlatform.Bench.Hosting;
using PoaPlatform.Bench.Import;
using PoaPlatform.Bench.Measuring;
using PoaPlatform.Persistence;

namespace PoaPlatform.Bench.Editing;

/// <summary>
/// Many offices reporting progress at once: reportProgress mutations over HTTP with the admin token, each client
/// writing other cells (activity × month) of many actions so that conflicts are rare, on durable PostgreSQL
/// next to pgbench's single-row UPDATE rate on the same server, and on the SQLite default.
/// </summary>
public static class EditingBenchmark
{
    public const string Command = "dotnet bench/PoaPlatform.Bench/bin/Release/net10.0/PoaPlatform.Bench.dll editing";

    // The parts whose processor time is read around each recorded window.
    private const string Server = "server";
    public const string Database = "PostgreSQL";
    private const string LoadGenerator = "load generator";
    public const string Machine = "machine";

    private const string Mutation = "mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }";

    /// <summary>SQLite's reportProgress/s per client count in the run of 2026-12-02 01:13 UTC (commit bb10b62,
    /// docs/benchmarks.md of that run, section "Concurrent editing", SQLite table): the baseline of issue 17's target
    /// "SQLite ≥ 2× today's rate".</summary>
    public static readonly IReadOnlyDictionary<int, double> SqliteBaseline20261202 = new Dictionary<int, double> { [1] = 242, [16] = 108, [64] = 263 };

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var city = CityRun.Create(options.Shape);
        // --storage postgresql or sqlite measures one of them (for a quicker look; run-all measures both).
        var storages = options.Storages();
        var postgres = storages.Contains(StorageProvider.PostgreSql)
            ? await MeasurePostgresAsync(city, options, imports: null, coldStarts: null)
            : new PostgresFigures("not measured in this run (--storage)", [], [], [], null);
        var sqlite = storages.Contains(StorageProvider.Sqlite)
            ? await MeasureSqliteAsync(city, options)
            : new SqliteFigures("not measured in this run (--storage)", []);
        Output.Write(options, Section(city, options, postgres, sqlite));
        return 0;
    }

    /// <param name="Layers">What a report's processor time is made of, at <see cref="LayersClients"/> (empty when that
    /// client count was not measured).</param>
    /// <param name="FloorFigures">The same write behind a bare HTTP endpoint (<see cref="Floor"/>), when measured.</param>
    public sealed record PostgresFigures(string Settings, List<LoadResult> Ours, List<PgbenchResult> Pgbench, List<ReportLayers.Layer> Layers,
        Floor.Figures? FloorFigures);

    /// <summary>The client count whose target is missed by the most: the one the layers of a report are measured at.</summary>
    public const int LayersClients = 16;

    public sealed record SqliteFigures(string Settings, List<LoadResult> Ours);

    /// <summary>A fresh SQLite server: the city imported, the mutations, the server stopped, its file's settings read.</summary>
    public static async Task<SqliteFigures> MeasureSqliteAsync(CityRun city, BenchOptions options)
    {
        await using var server = await BenchServer.StartAsync(StorageProvider.Sqlite);
        await ImportBenchmark.ImportAsync(server, city, null);
        var ours = await MutateAsync(server, city, options);
        return await StopAndReadSettingsAsync(server, ours);
    }

    /// <summary>Stops a SQLite server after its mutations and reads its database file's journal mode and synchronous.</summary>
    public static async Task<SqliteFigures> StopAndReadSettingsAsync(BenchServer server, List<LoadResult> ours)
    {
        await server.StopAsync();
        var settings = await SqliteSettings.ReadAsync(server.SqliteFile!);
        Console.Error.WriteLine($"SQLite: {settings}");
        return new SqliteFigures(settings, ours);
    }

    /// <summary>A durable PostgreSQL cluster: the city imported through POST /import (recorded in <paramref name="imports"/>
    /// and restarted for the cold start when those are given), our mutations (server stopped afterwards), then pgbench
    /// alone on it; then, when <paramref name="afterwards"/> is given, more work on the same cluster (the large city).</summary>
    public static async Task<PostgresFigures> MeasurePostgresAsync(CityRun city, BenchOptions options, List<ImportFigures>? imports,
        List<ColdStartFigures>? coldStarts, Func<DurablePostgres, Task>? afterwards = null)
    {
        Console.Error.WriteLine("Starting a durable PostgreSQL 15 cluster...");
        await using var postgres = await DurablePostgres.StartAsync();
        await postgres.CreateDatabaseAsync("poa");
        var settings = await postgres.DurabilitySettingsAsync();
        Console.Error.WriteLine($"PostgreSQL on port {postgres.Port}: {settings}");
        List<LoadResult> ours;
        List<ReportLayers.Layer> layers = [];
        await using (var server = await BenchServer.StartAsync(StorageProvider.PostgreSql, postgres.ConnectionString("poa")))
        {
            if (imports is not null && coldStarts is not null)
            {
                if (!await ImportBenchmark.ImportAndRestartAsync(server, city, imports, coldStarts, postgres))
                    throw new InvalidOperationException($"POST /import of {city.Shape} on PostgreSQL: {imports[^1].Refusal}");
            }
            else
            {
                await ImportBenchmark.ImportAsync(server, city, null);
            }
            ours = await MutateAsync(server, city, options, postgres.ProcessorTime);
            if (options.Clients(1, 16, 64).Contains(LayersClients))
                layers = await ReportLayers.MeasureAsync(server, city, options, Meter(server, postgres.ProcessorTime), LayersClients);
        }
        var floor = await Floor.MeasureAsync(postgres, postgres.ConnectionString("poa"), [.. BenchServer.ActionKeys(city.Document).Select(a => a.Key)],
            options.Clients(1, 16, 64), options);
        var pgbench = await Pgbench.RunAsync(postgres, options.Clients(1, 16, 64), options.Duration);
        if (afterwards is not null)
            await afterwards(postgres);
        return new PostgresFigures(settings, ours, pgbench, layers, floor);
    }

    /// <summary>reportProgress at each client count. Request <c>g</c> (a global counter) goes to action <c>g mod A</c>,
    /// cell <c>(g div A) mod (K × 12)</c>: two requests in flight never touch the same cell, and an action's
    /// expected version is the newest one any client saw, so a conflict means a real concurrent change of that cell.</summary>
    public static async Task<List<LoadResult>> MutateAsync(BenchServer server, CityRun city, BenchOptions options, Func<TimeSpan>? database = null)
    {
        var meter = Meter(server, database);
        var actions = BenchServer.ActionKeys(city.Document);
        var known = new long[actions.Count];
        Array.Fill(known, 1); // the import is each action's version 1
        long counter = -1;
        var errors = new ConcurrentDictionary<string, int>();
        var results = new List<LoadResult>();
        var levels = options.Clients(1, 16, 64);
        Console.Error.WriteLine($"reportProgress on {server.Provider}: {options.Prewarm.TotalSeconds:N0} s unrecorded at 16 clients first, " +
            $"then {SettleChunk.TotalSeconds:N0} s more at a time until the JIT settles...");
        await LoadRun.RunAsync(16, options.Prewarm, TimeSpan.Zero, ReportAsync);
        await server.SettleJitAsync(async _ =>
            {
                var watch = Stopwatch.StartNew();
                await LoadRun.RunAsync(16, SettleChunk, TimeSpan.Zero, ReportAsync);
                return watch.Elapsed;
            }, SettleChunks,
            (chunk, took, jit, methods) => Console.Error.WriteLine($"  {took.TotalSeconds:N0} s more: {jit:N2} s compiling ({methods:N0} methods)"));
        foreach (var clients in levels)
        {
            Console.Error.WriteLine($"reportProgress on {server.Provider}, {clients} clients, {options.Warmup.TotalSeconds:N0} s warm-up + {options.Duration.TotalSeconds:N0} s...");
            var (result, compiling, figures) = await server.DuringAsync(() => LoadRun.RunAsync(clients, options.Warmup, options.Duration, ReportAsync, meter));
            result = result with { CompilingSeconds = compiling, Server = figures };
            Console.Error.WriteLine($"  {result.OkPerSecond:N0} mutations/s, p50 {result.Latency.P50:N2} ms, p99 {result.Latency.P99:N2} ms, conflicts {result.Conflicts}, errors {result.Errors}; " +
                $"processor per mutation: {string.Join(", ", meter.Names.Select(n => $"{n} {result.ProcessorMsPerOk(n):N3} ms"))}; {result.CompilingSeconds:N2} s compiling; " +
                $"{figures.TransactionsPerSecond:N0} commits/s of {figures.WritesPerTransaction:N1} writes, {figures.MeanCommitMs:N2} ms each, committing {100 * figures.Committing:N0} % of the time; " +
                $"server allocated {figures.AllocatedKiBPerWrite:N1} KiB per write");
            results.Add(result);
        }
        foreach (var (message, count) in errors.OrderByDescending(e => e.Value).Take(5))
            Console.Error.WriteLine($"  error ×{count}: {message}");
        return results;

        async Task<Outcome> ReportAsync(int client)
        {
                var report = ReportCell.Of(Interlocked.Increment(ref counter), actions.Count, city.Shape.Activities);
                var a = report.Action;
                var expected = Volatile.Read(ref known[a]);
                var (department, number, _) = actions[a];
                var body = GraphQLClient.Body(Mutation, new
                {
                    input = new
                    {
                        municipality = BenchServer.Municipality,
                        year = city.Document.Year,
                        department,
                        number,
                        activityId = report.ActivityId,
                        month = report.Month,
                        achieved = report.Figure,
                        spent = report.Figure * 10.5m,
                        note = "Avance del mes",
                        expectedVersion = expected,
                    },
                });
                try
                {
                    var (status, answer) = await server.Admin.PostAsync(body);
                    return Classify(status, answer, expected, ref known[a], errors);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    errors.AddOrUpdate(e.GetType().Name + ": " + e.Message, 1, (_, n) => n + 1);
                    return Outcome.Error;
                }
        }
    }

    /// <summary>The processor time of the server, the database (when given), this load generator and the machine.</summary>
    private static ProcessorMeter Meter(BenchServer server, Func<TimeSpan>? database)
    {
        List<(string, Func<TimeSpan>)> parts = [(Server, () => ProcessorTime.OfProcess(server.ProcessId))];
        if (database is not null)
            parts.Add((Database, database));
        parts.Add((LoadGenerator, () => ProcessorTime.OfProcess(Environment.ProcessId)));
        parts.Add((Machine, ProcessorTime.MachineBusy));
        return new ProcessorMeter(parts);
    }

    /// <summary>An answer's outcome. A report answered at the version it was sent with wrote nothing (its figures were
    /// those stored): an error, so that a benchmark that repeats itself cannot pass for a fast one.</summary>
    private static Outcome Classify(HttpStatusCode status, byte[] answer, long sent, ref long known, ConcurrentDictionary<string, int> errors)
    {
        using var json = JsonDocument.Parse(answer);
        var root = json.RootElement;
        if (ReportedVersion(status, root) is { } version)
        {
            if (version <= sent)
            {
                errors.AddOrUpdate($"answered at the version it was sent with ({sent}): the report changed nothing", 1, (_, n) => n + 1);
                return Outcome.Error;
            }
            long seen;
            while ((seen = Volatile.Read(ref known)) < version && Interlocked.CompareExchange(ref known, version, seen) != seen)
            {
            }
            return Outcome.Ok;
        }
        var code = root.TryGetProperty("errors", out var list) && list.GetArrayLength() > 0 &&
                   list[0].TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("code", out var c)
            ? c.GetString() : null;
        if (code == "CONFLICT")
            return Outcome.Conflict;
        errors.AddOrUpdate($"{(int)status} {code}: {GraphQLClient.Shorten(System.Text.Encoding.UTF8.GetString(answer))}", 1, (_, n) => n + 1);
        return Outcome.Error;
    }

    /// <summary>The action's version in a reportProgress answer, or null when the answer is not a report's payload.</summary>
    internal static long? ReportedVersion(HttpStatusCode status, JsonElement root) =>
        status == HttpStatusCode.OK && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object &&
        data.TryGetProperty("reportProgress", out var payload) && payload.ValueKind == JsonValueKind.Object
            ? payload.GetProperty("version").GetInt64()
            : null;

    /// <summary>After the fixed unrecorded load, more of it in these steps, at most <see cref="SettleChunks"/> of them, until the
    /// server's JIT spends under 5 % of one compiling: on 2 busy cores it was still optimizing 27 s into the load (perf:
    /// its tiering thread at 8 % of the machine; decision 0021).</summary>
    private static readonly TimeSpan SettleChunk = TimeSpan.FromSeconds(5);
    private const int SettleChunks = 9;

    /// <summary>The group commit of each window: one writer at a time commits what queued while it was busy, so the share of
    /// the time it spends committing says whether the writes wait on it (near 100 %) or on the rest of a report. Beside it,
    /// what the server allocated per write: the collector's share of a report.</summary>
    private static Report AddCommits(Report section, List<LoadResult> postgres, List<LoadResult> sqlite)
    {
        var rows = postgres.Select(r => (Run: r, Database: "PostgreSQL")).Concat(sqlite.Select(r => (Run: r, Database: "SQLite")))
            .Where(x => x.Run.Server is not null)
            .Select(x => new[]
            {
                x.Run.Clients.ToString(CultureInfo.InvariantCulture), x.Database, Report.F(x.Run.Server!.TransactionsPerSecond, 0),
                Report.F(x.Run.Server.WritesPerTransaction, 1), Report.F(x.Run.Server.MeanCommitMs, 2), Report.F(100 * x.Run.Server.Committing, 0) + " %",
                Report.F(x.Run.Server.AllocatedKiBPerWrite, 1) + " KiB",
            })
            .ToList();
        if (rows.Count == 0)
            return section;
        return section
            .Line("The group commit in the same windows (the server's `poa.storage.commit.*` metrics over each client count's warm-up and recorded window; " +
                  "one writer at a time, decision 0024): transactions per second, the grain writes each carried, each one's time from its first statement to its commit, " +
                  "and the share of the time a transaction was committing. Near 100 %, a report waits on the writer: what it commits per second is the writes per transaction over the time of one. " +
                  "The last column is what the server allocated over the same windows (the runtime's `dotnet.gc.heap.total_allocated`) per grain write: here a write is a report.")
            .Line()
            .Table(["clients", "database", "transactions/s", "writes per transaction", "ms per transaction", "committing", "server allocated per write"], rows);
    }

    /// <summary>The layers of a report beside the report itself and the processor time half of pgbench leaves a report.</summary>
    private static Report AddLayers(Report section, PostgresFigures postgres)
    {
        var report = postgres.Ours.FirstOrDefault(o => o.Clients == LayersClients);
        if (postgres.Layers.Count == 0 || report is null)
            return section;
        static string[] Row(string what, LoadResult r) =>
        [
            what, Report.F(r.OkPerSecond, 0), Report.F(r.Latency.P50, 2), Report.F(r.ProcessorMsPerOk(Server), 3),
            double.IsNaN(r.ProcessorMsPerOk(Database)) ? "-" : Report.F(r.ProcessorMsPerOk(Database), 3),
            Report.F(r.ProcessorMsPerOk(LoadGenerator), 3), Report.F(r.ProcessorMsPerOk(Machine), 3),
            Report.F(ProcessorTime.RateTheCoresAllow(r.ProcessorMsPerOk(Machine)), 0) + "/s", r.Errors.ToString(CultureInfo.InvariantCulture),
        ];
        section
            .Line($"What a report's processor time is made of, at {LayersClients} clients on the same server right after the reports above (the same warm-up and " +
                  "recorded window): the same closed loop with less of a report each time. The report that changes nothing repeats the figures " +
                  "its action's first cell was set to just before (one write each): the action grain, its department's rules and the comparison, " +
                  "no write and no push.")
            .Line()
            .Table(["what", "requests/s", "p50 ms", "server ms", "PostgreSQL ms", "client ms", "machine ms", "rate the cores allow", "errors"],
                postgres.Layers.Select(l => Row(l.What, l.Result))
                    .Append(Row("+ the write and the pushes: reportProgress (the table above)", report)));
        if (postgres.Pgbench.FirstOrDefault(p => p.Clients == LayersClients) is { } pgbench)
        {
            var budget = Environment.ProcessorCount * 1000.0 / (0.5 * pgbench.Tps);
            section.Line($"Half of pgbench at {LayersClients} clients is {Report.F(0.5 * pgbench.Tps, 0)} reports/s: {Report.F(budget, 3)} ms of the " +
                         $"{Environment.ProcessorCount} cores' time per report with the cores fully busy, against {Report.F(report.ProcessorMsPerOk(Machine), 3)} ms " +
                         $"that a report used, and {Report.F(postgres.Layers[0].Result.ProcessorMsPerOk(Machine), 3)} ms that the first layer used without any of the report's work.")
                .Line();
        }
        return section;
    }

    /// <summary>The floor beside pgbench and ours: the same write behind a bare HTTP endpoint (<see cref="Floor"/>).</summary>
    private static Report AddFloor(Report section, PostgresFigures postgres)
    {
        if (postgres.FloorFigures is not { } floor)
            return section;
        return section
            .Line("The floor under the target, on the same cluster after the server stopped and before pgbench: a bare HTTP endpoint in the load generator's " +
                  "process (Kestrel, no GraphQL, no token, no grains, no roll-ups) answers `POST /report?a=N` by writing action N's state as the server left it " +
                  $"({Report.F(floor.StateBytes, 0)} bytes on average, 8 of them changed) with the audit records of its last report ({Report.F(floor.AuditPerReport, 1)} per report), " +
                  "one action at a time, through the platform's own group commit and statement (one writer). What a server could reach here if a report cost " +
                  $"nothing but its request and its durable write. *This process* is the endpoint and its load generator together. Unrecorded 5 s at 16 clients first, then the same windows as above.")
            .Line()
            .Table(["clients", "floor reports/s", "p50 ms", "floor / pgbench", "ours / floor", "this process ms", "PostgreSQL ms", "machine ms", "writes per commit"],
                floor.Levels.Select(f =>
                {
                    var r = f.Load;
                    var pgbench = postgres.Pgbench.FirstOrDefault(p => p.Clients == r.Clients);
                    var ours = postgres.Ours.FirstOrDefault(o => o.Clients == r.Clients);
                    return new[]
                    {
                        r.Clients.ToString(CultureInfo.InvariantCulture), Report.F(r.OkPerSecond, 0), Report.F(r.Latency.P50, 2),
                        pgbench is null ? "-" : Report.F(r.OkPerSecond / pgbench.Tps, 2), ours is null ? "-" : Report.F(ours.OkPerSecond / r.OkPerSecond, 2),
                        Report.F(r.ProcessorMsPerOk(Floor.Process), 3), Report.F(r.ProcessorMsPerOk(Database), 3), Report.F(r.ProcessorMsPerOk(Machine), 3),
                        Report.F(f.WritesPerCommit, 1),
                    };
                }));
    }

    public static Report Section(CityRun city, BenchOptions options, PostgresFigures postgres, SqliteFigures sqliteFigures)
    {
        var sqlite = sqliteFigures.Ours;
        static string[] Row(LoadResult r) =>
        [
            r.Clients.ToString(CultureInfo.InvariantCulture), Report.F(r.OkPerSecond, 0), Report.F(r.Latency.P50, 2), Report.F(r.Latency.P99, 2),
            Report.F(r.Latency.Max, 1), r.Ok.ToString("N0", CultureInfo.InvariantCulture), r.Conflicts.ToString(CultureInfo.InvariantCulture), r.Errors.ToString(CultureInfo.InvariantCulture),
        ];
        var report = new Report()
            .Line("## Concurrent editing: reportProgress mutations")
            .Line()
            .Line(string.Create(CultureInfo.InvariantCulture,
                $"`{Mutation}` POSTed with an admin token to the real server, closed loop, {options.Prewarm.TotalSeconds:N0} s of unrecorded load at 16 clients first, then {SettleChunk.TotalSeconds:N0} s more at a time " +
                $"until the server's JIT spends under 5 % of one compiling (at most {SettleChunk.TotalSeconds * SettleChunks:N0} s more; decision 0021), then per client count {options.Warmup.TotalSeconds:N0} s warm-up and {options.Duration.TotalSeconds:N0} s recorded, " +
                $"on the default city ({city.Shape}). Request g writes action g mod {city.Shape.TotalActions:N0}, cell (activity, month) (g div {city.Shape.TotalActions:N0}) mod {city.Shape.Activities * 12}, achieved (g div {city.Shape.TotalActions:N0}) mod 1,000 + 1 (a cell's next visit reports other figures: a report that changes nothing is counted as an error), " +
                $"with the newest version any client saw of that action as expectedVersion: different cells of the same action never conflict, so conflicts stay rare. " +
                $"Each mutation is one action-grain command: one transaction with the action's state and its audit rows (shared with the other writes of that moment: group commit), the push to its department and city (the payload asks only for the version, so the action is not read back)."))
            .Line()
            .Line($"PostgreSQL: a throwaway 15 cluster with default durability, nothing relaxed ({postgres.Settings}, read from `pg_settings` before the run); the server and pgbench take turns on it (pgbench runs after the server stopped).")
            .Line()
            .Table(["clients", "mutations/s", "p50 ms", "p99 ms", "max ms", "ok", "conflicts", "errors"], postgres.Ours.Select(Row))
            .Line("pgbench on the same cluster: `pgbench -n -f update.sql -c N -j N -T secs` where update.sql is " +
                  $"`{Pgbench.Script.ReplaceLineEndings(" ")}` on a {Pgbench.Rows:N0}-row table (one durable single-row UPDATE per transaction); latencies from its per-transaction log (`-l`).")
            .Line()
            .Table(["clients", "pgbench tps", "pgbench p50 ms", "pgbench p99 ms", "ours mutations/s", "ours / pgbench"],
                postgres.Pgbench.Select(p =>
                {
                    var ours = postgres.Ours.FirstOrDefault(o => o.Clients == p.Clients);
                    return new[]
                    {
                        p.Clients.ToString(CultureInfo.InvariantCulture), Report.F(p.Tps, 0), Report.F(p.Latency.P50, 2), Report.F(p.Latency.P99, 2),
                        ours is null ? "-" : Report.F(ours.OkPerSecond, 0), ours is null ? "-" : Report.F(ours.OkPerSecond / p.Tps, 2),
                    };
                }))
            .Line("Processor time per operation in the recorded windows above and below (user + system, from `/proc`: the server process, " +
                  "the PostgreSQL cluster's processes, this load generator or pgbench, and every core of the machine busy, which includes the kernel's " +
                  $"loopback networking). *Busy* is the machine's busy time over the window's {Environment.ProcessorCount} cores; *rate the cores allow* is " +
                  $"{Environment.ProcessorCount} cores' time divided by the machine's busy time per operation: the rate if the processor were the only limit. " +
                  "*JIT* is the server's `dotnet_jit_compilation_time_seconds_total` over the client count's warm-up and recorded window.")
            .Line()
            .Table(["clients", "what", "server ms", "PostgreSQL ms", "client ms", "machine ms", "busy", "rate the cores allow", "JIT"],
                postgres.Ours.Select(r => ProcessorRow(r, "ours, PostgreSQL"))
                    .Concat(postgres.Pgbench.Select(p => new[]
                    {
                        p.Clients.ToString(CultureInfo.InvariantCulture), "pgbench", "-", Report.F(p.PostgresMs, 3), Report.F(p.ClientMs, 3), Report.F(p.MachineMs, 3),
                        Percent(ProcessorTime.CoresBusy(p.MachineMs, p.Tps)), Report.F(ProcessorTime.RateTheCoresAllow(p.MachineMs), 0) + "/s", "-",
                    }))
                    .Concat(sqlite.Select(r => ProcessorRow(r, "ours, SQLite")))
                    .OrderBy(row => int.Parse(row[0], CultureInfo.InvariantCulture)));
        AddLayers(report, postgres);
        AddFloor(report, postgres)
            .Line($"SQLite (the embedded default: one file, one writer at a time): {sqliteFigures.Settings}. " +
                  "The last column compares with the rates of the run of 2026-12-02 (commit bb10b62), the baseline of the target \"SQLite ≥ 2× today's rate\".")
            .Line()
            .Table(["clients", "mutations/s", "p50 ms", "p99 ms", "max ms", "ok", "conflicts", "errors", "vs. 2026-12-02"], sqlite.Select(r =>
                Row(r).Append(SqliteBaseline20261202.TryGetValue(r.Clients, out var b) ? Report.F(r.OkPerSecond / b, 2) + "× of " + Report.F(b, 0) + "/s" : "-").ToArray()));
        AddCommits(report, postgres.Ours, sqlite);

        static string Percent(double share) => double.IsNaN(share) ? "-" : Report.F(100 * share, 0) + " %";
        static string[] ProcessorRow(LoadResult r, string what)
        {
            var machine = r.ProcessorMsPerOk(Machine);
            return
            [
                r.Clients.ToString(CultureInfo.InvariantCulture), what, Report.F(r.ProcessorMsPerOk(Server), 3),
                r.Processor?.Any(p => p.Name == Database) == true ? Report.F(r.ProcessorMsPerOk(Database), 3) : "-",
                Report.F(r.ProcessorMsPerOk(LoadGenerator), 3), Report.F(machine, 3),
                Percent(ProcessorTime.CoresBusy(machine, r.OkPerSecond)), Report.F(ProcessorTime.RateTheCoresAllow(machine), 0) + "/s",
                double.IsNaN(r.CompilingSeconds) ? "-" : Report.F(r.CompilingSeconds, 2) + " s",
            ];
        }

        // Issue 17: at 16 and 64 clients ≥ 0.5 of pgbench; 1 client is in the table without a target.
        foreach (var p in postgres.Pgbench.Where(p => p.Clients > 1))
        {
            if (postgres.Ours.FirstOrDefault(o => o.Clients == p.Clients) is { } ours)
                report.Target($"reportProgress/s vs. pgbench, PostgreSQL, {p.Clients} clients", "≥ 0.5 of pgbench", ours.OkPerSecond / p.Tps, 0.5, higherIsBetter: true, "", Command);
        }
        foreach (var r in sqlite)
        {
            if (SqliteBaseline20261202.TryGetValue(r.Clients, out var baseline))
                report.Target($"reportProgress/s, SQLite, {r.Clients} clients", $"≥ 2× the 2026-12-02 rate ({Report.F(baseline, 0)}/s): ≥ {Report.F(2 * baseline, 0)}/s",
                    r.OkPerSecond, 2 * baseline, higherIsBetter: true, "/s", Command);
        }
        return report;
    }
}
