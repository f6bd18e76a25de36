using System.Diagnostics;
using System.Security.Cryptography;
using PoaPlatform.Auth;
using PoaPlatform.Bench.Generation;
using PoaPlatform.Bench.Measuring;
using PoaPlatform.Domain.Model;
using PoaPlatform.Persistence;
using PoaPlatform.Testing;

namespace PoaPlatform.Bench.Hosting;

/// <summary>The real server (built PoaPlatform.Server.dll) as a child process on free loopback ports, with an admin
/// token signed by a key made for this run.</summary>
public sealed class BenchServer : IAsyncDisposable
{
    public const string Municipality = "zacatecas";

    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly TokenIssuer _issuer;
    private readonly string? _dataDirectory;
    private BenchProcess _process;

    // One keep-alive connection for the scrapes of /metrics: the benchmarks read it before and after every measured run.
    private readonly HttpClient _metrics = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private BenchServer(BenchProcess process, IReadOnlyDictionary<string, string> settings, TokenIssuer issuer, StorageProvider provider, string token, string? dataDirectory)
    {
        _process = process;
        _settings = settings;
        _issuer = issuer;
        Provider = provider;
        AdminToken = token;
        _dataDirectory = dataDirectory;
        Reader = new GraphQLClient(process.BaseAddress);
        Admin = new GraphQLClient(process.BaseAddress, token, TimeSpan.FromMinutes(10));
    }

    /// <summary>The SQLite database file the server uses (Storage:DataDirectory/poa.db), or null on PostgreSQL.</summary>
    public string? SqliteFile => Provider == StorageProvider.Sqlite && _dataDirectory is not null ? Path.Combine(_dataDirectory, "poa.db") : null;

    /// <summary>The running process: when it was started and when it was first ready (Stopwatch timestamps).</summary>
    public BenchProcess Process => _process;

    public StorageProvider Provider { get; }

    public string AdminToken { get; }

    public Uri BaseAddress => _process.BaseAddress;

    public int GatewayPort => _process.GatewayPort;

    public int ProcessId => _process.Id;

    /// <summary>The server's own figures from its <c>/metrics</c> (Prometheus text): the sum of the samples of every metric
    /// whose name, labels aside, starts with a prefix.</summary>
    public async Task<Func<string, double>> MetricsAsync()
    {
        var samples = new List<(string Name, double Value)>();
        foreach (var line in (await _metrics.GetStringAsync(new Uri(BaseAddress, "/metrics"))).Split('\n'))
        {
            if (!line.StartsWith('#') && line.Split(' ') is [var name, var text, ..] &&
                double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value))
                samples.Add((name, value));
        }
        return prefix => samples.Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)).Sum(s => s.Value);
    }

    /// <summary>Seconds the server's JIT has spent compiling, and methods it compiled, since it started (its <c>/metrics</c>).</summary>
    public async Task<(double Seconds, double Methods)> CompiledAsync()
    {
        var metrics = await MetricsAsync();
        return (Jit(metrics), metrics(JitMethods));
    }

    /// <summary>The JIT's seconds compiling from one read of <c>/metrics</c>; a server without them is an error, not 0.</summary>
    private static double Jit(Func<string, double> metrics) => Required(metrics, JitSeconds);

    /// <summary>A runtime counter that is above 0 in any running server: one that reads 0 is missing from <c>/metrics</c>
    /// (an error, not a figure).</summary>
    private static double Required(Func<string, double> metrics, string name) =>
        metrics(name) is > 0 and var value ? value : throw new InvalidOperationException($"The server's /metrics has no {name}.");

    /// <summary>What <paramref name="run"/> cost the server's JIT (seconds compiling), what its group commit did and
    /// what it allocated meanwhile, from one read of <c>/metrics</c> before the run and one after.</summary>
    public async Task<(T Result, double CompilingSeconds, ServerFigures Server)> DuringAsync<T>(Func<Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var before = await CountersAsync();
        var watch = Stopwatch.StartNew();
        var result = await run();
        var elapsed = watch.Elapsed;
        var after = await CountersAsync();
        return (result, after.JitSeconds - before.JitSeconds, new ServerFigures(after.Transactions - before.Transactions,
            after.Writes - before.Writes, after.CommitSeconds - before.CommitSeconds, after.Allocated - before.Allocated, elapsed));
    }

    /// <summary>The server's JIT seconds, its group commits so far (its <c>poa.storage.commit.*</c> metrics: transactions,
    /// the writes they carried and their time in seconds, summed) and the bytes it allocated so far.</summary>
    private async Task<(double JitSeconds, double Transactions, double Writes, double CommitSeconds, double Allocated)> CountersAsync()
    {
        var metrics = await MetricsAsync();
        return (Jit(metrics), metrics("poa_storage_commit_writes_count"), metrics("poa_storage_commit_writes_sum"),
            metrics("poa_storage_commit_duration_seconds_sum"), Required(metrics, Allocated));
    }

    /// <summary>The share of a run's time under which the JIT counts as settled.</summary>
    public const double SettledJitShare = 0.05;

    /// <summary>Runs <paramref name="run"/> (1, 2, … up to <paramref name="most"/>; it answers how long it took) until one
    /// run spends under <see cref="SettledJitShare"/> of its time compiling. The runtime optimizes a method only after it
    /// has been called a while, and on 2 busy cores the server's JIT kept optimizing for tens of seconds of load
    /// (decision 0021). Answers the runs made; <paramref name="progress"/> hears each run's time, compiling seconds and
    /// methods.</summary>
    public async Task<int> SettleJitAsync(Func<int, Task<TimeSpan>> run, int most, Action<int, TimeSpan, double, double> progress)
    {
        for (var i = 1; i <= most; i++)
        {
            var before = await CompiledAsync();
            var took = await run(i);
            var after = await CompiledAsync();
            var seconds = after.Seconds - before.Seconds;
            progress(i, took, seconds, after.Methods - before.Methods);
            if (seconds < SettledJitShare * took.TotalSeconds)
                return i;
        }
        return most;
    }

    private const string JitSeconds = "dotnet_jit_compilation_time_seconds_total";
    private const string JitMethods = "dotnet_jit_compiled_methods_total";
    private const string Allocated = "dotnet_gc_heap_total_allocated_bytes_total";

    /// <summary>The server process's resident memory (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException($"No VmRSS for process {_process.Id}.");
    }

    /// <summary>Anonymous reads (Auth:PublicRead is on by default).</summary>
    public GraphQLClient Reader { get; private set; }

    /// <summary>Requests with the admin token: imports and edits of any department.</summary>
    public GraphQLClient Admin { get; private set; }

    /// <summary>Starts a server on SQLite (a fresh data directory) or on a PostgreSQL database.</summary>
    /// <param name="extra">Settings beyond the benchmarks' defaults (a limit a benchmark needs raised).</param>
    public static async Task<BenchServer> StartAsync(StorageProvider provider, string? postgresConnectionString = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var dataDirectory = Path.Combine(Path.GetTempPath(), "poa-bench-data-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = provider.ToString(),
            ["Storage:DataDirectory"] = dataDirectory,
            ["Seed:Enabled"] = "false",
            ["Auth:SigningKey"] = key,
            // Large GraphQL requests and long ones (as before the imports went through POST /import; kept so that every
            // benchmark's server has the settings of the runs before).
            ["GraphQL:MaxRequestBytes"] = (64 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GraphQL:Timeout"] = "00:10:00",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
            settings[name] = value;
        if (provider == StorageProvider.PostgreSql)
            settings["ConnectionStrings:Poa"] = postgresConnectionString ?? throw new ArgumentNullException(nameof(postgresConnectionString));
        Console.Error.WriteLine($"Starting the server on {provider}...");
        var process = await BenchProcess.StartAsync(settings, TimeSpan.FromMinutes(3));
        var issuer = new TokenIssuer(DevelopmentSigningKey.FromBase64(key));
        var token = issuer.Issue("bench", Municipality, "", PoaRoles.Admin, TimeSpan.FromHours(4));
        // As an operator prepares a deployment: the municipality and the year the generated cities program.
        using (var operators = Operators(process.BaseAddress, issuer))
        {
            await operators.QueryAsync("mutation($input: CreateMunicipalityInput!) { createMunicipality(input: $input) { slug } }",
                new { input = new { slug = Municipality, name = "Zacatecas", state = "Zacatecas", inegiCode = "32056" } });
            await operators.QueryAsync("mutation($y: Int!) { openYear(municipality: \"zacatecas\", year: $y) { slug } }", new { y = new CityShape().Year });
            // The generated year is past: its planner keeps every month open for the offices' reports (TestCalendar).
            await operators.QueryAsync("mutation($input: SetCalendarInput!) { setCalendar(input: $input) { version } }", new
            {
                input = new
                {
                    year = new CityShape().Year, expectedVersion = 0,
                    cutOffs = TestCalendar.OpenCutOffs().Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                },
            });
        }
        Console.Error.WriteLine($"Server {process.Id} ready at {process.BaseAddress} (gateway port {process.GatewayPort}).");
        return new BenchServer(process, settings, issuer, provider, token, dataDirectory);
    }

    private static GraphQLClient Operators(Uri baseAddress, TokenIssuer issuer) =>
        new(baseAddress, issuer.Issue("bench", "", "", PoaRoles.SuperAdmin, TimeSpan.FromHours(1)), TimeSpan.FromMinutes(1));

    /// <summary>Opens another year of the municipality (as its operator does), e.g. for an unrecorded warm-up import
    /// that must not touch the measured year.</summary>
    public async Task OpenYearAsync(int year)
    {
        using var operators = Operators(BaseAddress, _issuer);
        await operators.QueryAsync("mutation($y: Int!) { openYear(municipality: \"zacatecas\", year: $y) { slug } }", new { y = year });
    }

    /// <summary>Stops the server process gracefully (SIGTERM; killed after 2 minutes) and keeps its database.</summary>
    public async Task<(TimeSpan Elapsed, bool Killed)> StopAsync()
    {
        Console.Error.WriteLine($"Stopping server {_process.Id} (SIGTERM)...");
        var stopped = await _process.StopAsync(TimeSpan.FromMinutes(2));
        Console.Error.WriteLine($"  stopped in {stopped.Elapsed.TotalSeconds:N1} s{(stopped.Killed ? " (killed after the timeout)" : "")}.");
        return stopped;
    }

    /// <summary>Starts the server again, stopped by <see cref="StopAsync"/>, on the same database and settings (new
    /// ports); the municipality and years are already stored. <see cref="Process"/> has the new start and ready times.</summary>
    public async Task StartAgainAsync()
    {
        await _process.DisposeAsync();
        Reader.Dispose();
        Admin.Dispose();
        Console.Error.WriteLine($"Starting the server again on {Provider} (same database)...");
        _process = await BenchProcess.StartAsync(_settings, TimeSpan.FromMinutes(3));
        Reader = new GraphQLClient(_process.BaseAddress);
        Admin = new GraphQLClient(_process.BaseAddress, AdminToken, TimeSpan.FromMinutes(10));
        Console.Error.WriteLine($"Server {_process.Id} ready at {_process.BaseAddress} after {Stopwatch.GetElapsedTime(_process.StartedAt, _process.ReadyAt).TotalSeconds:N2} s.");
    }

    /// <summary>Keys of every action of a generated city, in department order.</summary>
    public static IReadOnlyList<(string Department, int Number, string Key)> ActionKeys(PoaDocument document)
    {
        var poa = Abstractions.PoaKeys.Poa(Municipality, document.Year);
        return document.Departments
            .SelectMany(d => d.Actions.Select(a => (d.Slug, a.Number, Abstractions.PoaKeys.Action(Abstractions.PoaKeys.Department(poa, d.Slug), a.Number))))
            .ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        Reader.Dispose();
        Admin.Dispose();
        _metrics.Dispose();
        await _process.DisposeAsync();
        if (_dataDirectory is not null && Directory.Exists(_dataDirectory))
            Directory.Delete(_dataDirectory, recursive: true);
    }
}
