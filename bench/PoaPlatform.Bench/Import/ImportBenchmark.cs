using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PoaPlatform.Bench.ColdStart;
using PoaPlatform.Bench.Generation;
using PoaPlatform.Bench.Hosting;
using PoaPlatform.Bench.Measuring;
using PoaPlatform.Domain.Import;
using PoaPlatform.Persistence;

namespace PoaPlatform.Bench.Import;

/// <summary>What one saved upload of a city came to. <see cref="Complete"/> is false when the server refused part of it
/// (a department beyond a limit, an action): then no rate is reported, only the refusal. <see cref="WarmUp"/> is the
/// unrecorded upload before it, into the fresh server: its shape (up to 40 departments of the city's) and time.</summary>
public sealed record ImportFigures(StorageProvider Provider, CityShape Shape, long Bytes, TimeSpan Elapsed, int Imported,
    int RefusedDepartments, int RefusedActions, string? FirstRefusal, CityShape WarmUpShape, TimeSpan WarmUp)
{
    /// <summary>Uploads before the measured one (the first of them is <see cref="WarmUp"/>).</summary>
    public int WarmUps { get; init; } = 1;

    public bool Complete => Imported == Shape.TotalActions && RefusedDepartments == 0 && RefusedActions == 0;

    public double ActionsPerSecond => Imported / Elapsed.TotalSeconds;

    /// <summary>Processor time per imported action during the measured upload: the server process, the PostgreSQL
    /// cluster (NaN on SQLite) and the whole machine.</summary>
    public (double Server, double Database, double Machine) ProcessorMs { get; init; } = (double.NaN, double.NaN, double.NaN);

    /// <summary>What the server's JIT did during the measured upload: seconds compiling and methods compiled.</summary>
    public (double Seconds, double Methods) Compiling { get; init; } = (double.NaN, double.NaN);

    public string Refusal => string.Create(CultureInfo.InvariantCulture,
        $"saved {Imported:N0} of {Shape.TotalActions:N0} actions; {RefusedDepartments:N0} departments and {RefusedActions:N0} actions refused (first: \"{GraphQLClient.Shorten(FirstRefusal ?? "none").ReplaceLineEndings(" ").Replace('\t', ' ')}\")");
}

/// <summary>
/// End-to-end import through the upload endpoint: <c>POST /import</c> (multipart/form-data, admin token, the city as a
/// text file, <c>dryRun=false</c>) into a fresh server; the server streams the file to disk, reads it, and saves it
/// 8 departments at a time (each department described, its actions imported in parallel: one durable write with its
/// audit entry per action, in group commits), then reads the city's totals for the answer.
/// </summary>
public static class ImportBenchmark
{
    public const string Command = "dotnet bench/PoaPlatform.Bench/bin/Release/net10.0/PoaPlatform.Bench.dll import";

    /// <summary>Uploads the city into <paramref name="server"/> (which must hold no city of its year yet) and records
    /// the figures; throws when the server refused part of it (the callers that need the whole city).</summary>
    public static async Task<ImportFigures> ImportAsync(BenchServer server, CityRun city, List<ImportFigures>? rows)
    {
        // A server that only needs the city: a small warm-up, so that its memory and load are the city's alone.
        var figures = await UploadAsync(server, city, warmUpDepartments: 2, settle: false);
        rows?.Add(figures);
        if (!figures.Complete)
            throw new InvalidOperationException($"POST /import of {city.Shape} on {server.Provider}: {figures.Refusal}");
        return figures;
    }

    /// <summary>Unrecorded uploads into earlier years of a city of the same shape (at most
    /// <paramref name="warmUpDepartments"/> of its departments), then the city itself. The first warm-up compiles the read
    /// and save code and opens the connection pools; with <paramref name="settle"/>, more follow until the JIT has
    /// optimized what an import runs (see <see cref="SettleUploads"/>). Refusals of the city are returned, not thrown.</summary>
    public static async Task<ImportFigures> UploadAsync(BenchServer server, CityRun city, int warmUpDepartments = 40, Func<TimeSpan>? database = null,
        bool settle = true)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);

        var warmShape = city.Shape with { Departments = Math.Min(city.Shape.Departments, warmUpDepartments), Year = city.Shape.Year - 1 };
        var warm = await WarmUpAsync(warmShape);
        var warmUps = 1;
        // The first upload leaves the JIT compiling (perf: the action grain's command, Orleans' scheduler and the storage
        // write still QuickJitted or instrumented): more uploads into earlier years until it settles, so that the measured
        // upload runs the code a server that has imported before runs.
        warmUps += await server.SettleJitAsync(extra => WarmUpAsync(warmShape with { Year = warmShape.Year - extra }), settle ? SettleUploads : 0,
            (extra, took, jit, methods) => Console.Error.WriteLine($"  warm-up upload {extra + 1} ({warmShape.TotalActions:N0} actions into {warmShape.Year - extra}): " +
                $"{took.TotalSeconds:N2} s, {jit:N2} s of it compiling ({methods:N0} methods)"));

        var bytes = Encoding.UTF8.GetBytes(city.Text);
        Console.Error.WriteLine($"POST /import of {city.Shape} ({bytes.Length:N0} bytes) into {server.Provider}...");
        var meter = new ProcessorMeter([("server", () => ProcessorTime.OfProcess(server.ProcessId)), ("database", database ?? (() => TimeSpan.Zero)), ("machine", ProcessorTime.MachineBusy)]);
        var jitAtStart = await server.CompiledAsync(); // read before the meter starts, so the request is not in the figures
        var before = meter.Read();
        var (elapsed, imported, departments, actions, first, totals) = await PostAsync(http, bytes);
        var used = ProcessorMeter.Between(before, meter.Read());
        var jitAtEnd = await server.CompiledAsync();
        double PerAction(TimeSpan t) => imported > 0 ? t.TotalMilliseconds / imported : double.NaN;
        var figures = new ImportFigures(server.Provider, city.Shape, bytes.Length, elapsed, imported, departments, actions, first, warmShape, warm)
        {
            WarmUps = warmUps,
            ProcessorMs = (PerAction(used[0]), database is null ? double.NaN : PerAction(used[1]), PerAction(used[2])),
            Compiling = (jitAtEnd.Seconds - jitAtStart.Seconds, jitAtEnd.Methods - jitAtStart.Methods),
        };
        if (figures.Complete && totals != city.Shape.TotalActions)
            throw new InvalidOperationException($"POST /import saved every action, but the city then counts {totals} actions of {city.Shape.TotalActions}.");
        if (figures.Complete)
            Console.Error.WriteLine($"  {imported:N0} actions in {elapsed.TotalSeconds:N2} s ({figures.ActionsPerSecond:N0} actions/s); processor per action: " +
                $"server {figures.ProcessorMs.Server:N3} ms, database {figures.ProcessorMs.Database:N3} ms, machine {figures.ProcessorMs.Machine:N3} ms; " +
                $"{figures.Compiling.Seconds:N2} s compiling ({figures.Compiling.Methods:N0} methods).");
        else
            Console.Error.WriteLine($"ERROR: POST /import of {city.Shape} on {server.Provider} after {elapsed.TotalSeconds:N1} s: {figures.Refusal}");
        return figures;

        async Task<TimeSpan> WarmUpAsync(CityShape shape)
        {
            await server.OpenYearAsync(shape.Year);
            var upload = await PostAsync(http, Encoding.UTF8.GetBytes(PoaWriter.Write(CityGenerator.Generate(shape))));
            if (upload.Imported != shape.TotalActions)
                throw new InvalidOperationException($"A warm-up upload into {shape.Year} saved {upload.Imported} of {shape.TotalActions} actions: {upload.FirstRefusal}");
            return upload.Elapsed;
        }
    }

    /// <summary>Uploads after the first one at most, while the JIT is still compiling much: on 2 busy cores the
    /// tiering of an import's code took about ten uploads of 1,000 actions (decision 0021).</summary>
    public const int SettleUploads = 12;

    private static async Task<(TimeSpan Elapsed, int Imported, int RefusedDepartments, int RefusedActions, string? FirstRefusal, int? CityActions)> PostAsync(HttpClient http, byte[] file)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "city.txt" } };
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync(new Uri("/import?dryRun=false", UriKind.Relative), form);
        var body = await response.Content.ReadAsStringAsync();
        watch.Stop();
        var answer = JsonNode.Parse(body);
        var payload = answer?["data"]?["importPoa"] ?? throw new InvalidOperationException($"POST /import answered {(int)response.StatusCode}: {GraphQLClient.Shorten(body)}");
        int departments = 0, actions = 0;
        string? first = null;
        foreach (var error in answer!["errors"] as JsonArray ?? [])
        {
            // A refused department has no action key (the POA's limit of departments, a locked department); an action has one.
            if (error?["extensions"]?["action"] is null)
                departments++;
            else
                actions++;
            first ??= error?["message"]?.GetValue<string>();
        }
        return (watch.Elapsed, payload["importedActions"]!.GetValue<int>(), departments, actions, first, payload["poa"]?["totals"]?["actions"]?.GetValue<int>());
    }

    /// <param name="defaultCity">The default city's shape: its rows get the rate target (≥ 1,000 actions/s); rows of
    /// 10,000 actions or more get the time target (≤ 10 s); a large city below 10,000 actions gets none.</param>
    public static Report Section(IReadOnlyList<ImportFigures> rows, CityShape defaultCity)
    {
        var report = new Report()
            .Line("## Import: end to end through the upload endpoint")
            .Line()
            .Line("`POST /import?dryRun=false` (multipart/form-data, admin token, the city as a text file) into a fresh server, after unrecorded uploads into " +
                  "earlier years of a city of the same shape (at most 40 of its departments): the first into the fresh server (its time is the column *first upload*), then " +
                  $"up to {SettleUploads} more until one spends under 5 % of its time in the JIT (the server's `dotnet_jit_compilation_time_seconds_total`; the runtime optimizes a " +
                  "method only after it has run a while, and on these 2 cores the uploads kept compiling a few hundred to two thousand methods each for about ten uploads: " +
                  "decision 0021), so that the measured upload runs the code of a server that has imported before, with its connection pools open (column " +
                  "*uploads before*; what the JIT still did during the measured upload is the column *compiling during it*); the time is from sending the file to " +
                  "the last byte of the answer: the upload streamed to a temporary file, the read, every department described and its actions imported in parallel " +
                  "(8 departments at a time, each admitting its actions with one membership write; each action's state and audit rows in a transaction shared " +
                  "with the other writes of that moment), then the city's totals. SQLite and PostgreSQL as in the editing " +
                  "section below (PostgreSQL with its default durability).")
            .Line()
            .Line("Processor per action: the processor time (user + system, from `/proc`) the server process, the PostgreSQL cluster and the whole machine " +
                  $"used during the measured upload, divided by the actions imported; *busy* is the machine's share of its {Environment.ProcessorCount} cores in that time.")
            .Line()
            .Table(["storage", "city", "actions", "file", "import time", "actions/s", "processor per action: server / PostgreSQL / machine", "busy", "first upload (fresh server)", "uploads before", "compiling during it", "refused"],
                rows.Select(r => new[]
                {
                    Name(r.Provider), r.Shape.ToString(), r.Shape.TotalActions.ToString("N0", CultureInfo.InvariantCulture), Report.F(r.Bytes / 1e6) + " MB",
                    Report.F(r.Elapsed.TotalSeconds) + " s", r.Complete ? Report.F(r.ActionsPerSecond, 0) : "-",
                    $"{Report.F(r.ProcessorMs.Server, 2)} / {(double.IsNaN(r.ProcessorMs.Database) ? "-" : Report.F(r.ProcessorMs.Database, 2))} / {Report.F(r.ProcessorMs.Machine, 2)} ms",
                    Report.F(100 * ProcessorTime.CoresBusy(r.ProcessorMs.Machine, r.Imported / r.Elapsed.TotalSeconds), 0) + " %",
                    string.Create(CultureInfo.InvariantCulture, $"{r.WarmUpShape.TotalActions:N0} actions in {Report.F(r.WarmUp.TotalSeconds)} s ({Report.F(r.WarmUpShape.TotalActions / r.WarmUp.TotalSeconds, 0)}/s)"),
                    r.WarmUps.ToString(CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{Report.F(r.Compiling.Seconds, 2)} s ({r.Compiling.Methods:N0} methods)"),
                    r.Complete ? "none" : "**" + r.Refusal.Replace("|", "\\|", StringComparison.Ordinal) + "**",
                }));
        foreach (var r in rows)
        {
            var what = string.Create(CultureInfo.InvariantCulture, $"Import, {r.Shape.TotalActions:N0} actions, {Name(r.Provider)} (POST /import)");
            var large = r.Shape.TotalActions >= 10_000;
            if (!large && r.Shape != defaultCity)
                continue;
            var target = large ? "≤ 10 s" : "≥ 1,000 actions/s";
            if (!r.Complete)
                report.NotMeasured(what, target, r.Refusal, Command);
            else if (large)
                report.Target(what, target, r.Elapsed.TotalSeconds, 10, higherIsBetter: false, "s", Command);
            else
                report.Target(what, target, r.ActionsPerSecond, 1000, higherIsBetter: true, "actions/s", Command);
        }
        return report;
    }

    public static string Name(StorageProvider provider) => provider == StorageProvider.Sqlite ? "SQLite" : "PostgreSQL";

    /// <summary><c>import</c>: the default city and the large one (<c>--large-departments 400</c>, 0 to skip) each
    /// uploaded into a fresh server on SQLite and on durable PostgreSQL (<c>--storage sqlite,postgresql</c>), then
    /// that server restarted on the same database for the cold start.</summary>
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var cities = Cities(options);
        var imports = new List<ImportFigures>();
        var coldStarts = new List<ColdStartFigures>();
        var storages = options.Storages();
        foreach (var city in cities)
        {
            if (storages.Contains(StorageProvider.Sqlite))
            {
                await using var server = await BenchServer.StartAsync(StorageProvider.Sqlite);
                await ImportAndRestartAsync(server, city, imports, coldStarts);
            }
        }
        if (storages.Contains(StorageProvider.PostgreSql))
        {
            await using var postgres = await DurablePostgres.StartAsync();
            for (var i = 0; i < cities.Count; i++)
            {
                var database = "poa_" + i.ToString(CultureInfo.InvariantCulture);
                await postgres.CreateDatabaseAsync(database);
                await using var server = await BenchServer.StartAsync(StorageProvider.PostgreSql, postgres.ConnectionString(database));
                await ImportAndRestartAsync(server, cities[i], imports, coldStarts, postgres);
            }
        }
        Output.Write(options, Section(imports, cities[0].Shape));
        Output.Write(options, ColdStartBenchmark.Section(coldStarts, imports));
        return imports.All(i => i.Complete) ? 0 : 1;
    }

    /// <summary>The default city and, unless <c>--large-departments 0</c>, the large one (400 departments by default).</summary>
    public static List<CityRun> Cities(BenchOptions options, CityRun? defaultCity = null)
    {
        var cities = new List<CityRun> { defaultCity ?? CityRun.Create(options.Shape) };
        if (options.Int("large-departments", 400) is > 0 and var large)
            cities.Add(CityRun.Create(options.Shape with { Departments = large }));
        return cities;
    }

    /// <summary>Uploads the city; when the server saved all of it, restarts the server for the cold start. Returns
    /// whether the city is whole in the server (what the benchmarks after it need).</summary>
    public static async Task<bool> ImportAndRestartAsync(BenchServer server, CityRun city, List<ImportFigures> imports, List<ColdStartFigures> coldStarts,
        DurablePostgres? postgres = null)
    {
        var figures = await UploadAsync(server, city, database: postgres is null ? null : postgres.ProcessorTime);
        imports.Add(figures);
        if (!figures.Complete)
            return false;
        coldStarts.Add(await ColdStartBenchmark.MeasureAsync(server, city));
        return true;
    }
}

/// <summary>Where a subcommand's markdown and verdicts go.</summary>
public static class Output
{
    public static void Write(BenchOptions options, Report report)
    {
        Console.WriteLine(report);
        if (options.Markdown is { } markdown)
            File.AppendAllText(markdown, report.ToString());
        if (options.Targets is { } targets)
            File.AppendAllLines(targets, report.Verdicts.Select(v => v.ToTsv()));
        foreach (var verdict in report.Verdicts)
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TARGET {verdict.What}: {verdict.Target}, measured {verdict.Measured}: {verdict.Result}"));
    }
}
