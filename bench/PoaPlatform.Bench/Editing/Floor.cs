using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;
using PoaPlatform.Bench.Hosting;
using PoaPlatform.Bench.Measuring;
using PoaPlatform.Persistence;
using PoaPlatform.Testing;

namespace PoaPlatform.Bench.Editing;

/// <summary>
/// The floor under the editing target: what a server could reach on this machine if a report were nothing but an HTTP
/// request and the durable write it ends in. Run on the editing benchmark's cluster after its server stopped: a bare
/// HTTP endpoint in this process, with no GraphQL, no token, no grains and no roll-ups, answers each report by writing
/// an action's state as the server left it (8 bytes of it changed) with the audit records of that action's last
/// report, through the platform's own <see cref="GroupCommit"/> over its PostgreSQL store (one writer), one action at
/// a time as a grain would. The same tables, the same rows, the same statement; pgbench runs after it.
/// </summary>
public static class Floor
{
    private const string Action = "action";

    /// <summary>Enough for the JIT of a handful of methods (the editing benchmark settles the server's for longer).</summary>
    private static readonly TimeSpan Prewarm = TimeSpan.FromSeconds(5);

    /// <summary>A client count's closed loop, the writes each commit carried in it (warm-up included), and the average
    /// state and audit records written per report.</summary>
    public sealed record Result(LoadResult Load, double WritesPerCommit, double PayloadBytes, double AuditPerReport);

    public const string Process = "this process";

    public static async Task<List<Result>> MeasureAsync(DurablePostgres postgres, string connectionString, IReadOnlyList<int> levels, BenchOptions options)
    {
        var actions = await ReadActionsAsync(connectionString);
        var payload = actions.Average(a => a.Payload.Length);
        var audit = actions.Average(a => a.Audit.Length);
        Console.Error.WriteLine($"The floor: {actions.Length:N0} actions read back, {payload:N0} bytes of state and {audit:N1} audit records per report");
        var loads = await MeasureAsync(connectionString, actions, postgres, levels, options);
        return [.. loads.Select(l => new Result(l.Load, l.WritesPerCommit, payload, audit))];
    }

    /// <summary>An action as stored: its address, its state and version, and the audit records of its last report.</summary>
    private sealed record StoredAction(StateAddress Address, byte[] Payload, int Version, AuditRecord[] Audit);

    /// <summary>Every action whose last version was a report, with that report's audit records.</summary>
    private static async Task<StoredAction[]> ReadActionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var audit = new Dictionary<(string Key, long Version), List<AuditRecord>>();
        await using (var command = new NpgsqlCommand("""
            SELECT a.action_key, a.department_key, a.poa_key, a.version, a.seq, a.at_utc, a.user_name, a.user_department, a.command, a.field, a.old_value, a.new_value
            FROM poa_audit a JOIN orleans_storage s ON s.grain_type_string = @state AND s.grain_id_extension_string = a.action_key AND s.version = a.version
            WHERE a.command = 'reportProgress'
            ORDER BY a.action_key, a.seq
            """, connection))
        {
            command.Parameters.AddWithValue("state", Action);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var record = new AuditRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt32(4),
                    reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11));
                if (!audit.TryGetValue((record.ActionKey, record.Version), out var list))
                    audit[(record.ActionKey, record.Version)] = list = [];
                list.Add(record);
            }
        }
        var actions = new List<StoredAction>();
        await using (var command = new NpgsqlCommand(
            "SELECT service_id, grain_id_extension_string, payload_binary, version FROM orleans_storage WHERE grain_type_string = @state ORDER BY grain_id_extension_string", connection))
        {
            command.Parameters.AddWithValue("state", Action);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var key = reader.GetString(1);
                var version = reader.GetInt32(3);
                // An action nobody reported on (the seed's department, imported at start-up) is not one of the city's.
                if (audit.TryGetValue((key, version), out var records))
                    actions.Add(new StoredAction(new StateAddress(reader.GetString(0), Action, key), (byte[])reader[2], version, [.. records]));
            }
        }
        if (actions.Count == 0 || actions.Count != audit.Count)
            throw new InvalidOperationException($"The floor: {audit.Count} actions whose last version is a report in the audit, {actions.Count} of them read back");
        return [.. actions];
    }

    private static async Task<List<(LoadResult Load, double WritesPerCommit)>> MeasureAsync(string connectionString, StoredAction[] actions, DurablePostgres postgres,
        IReadOnlyList<int> levels, BenchOptions options)
    {
        var store = GrainStateStores.Create(StorageTarget.PostgreSql(connectionString));
        await using var commit = new GroupCommit(store);
        var states = actions.Select(a => new HeldAction(a)).ToArray();
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        app.MapPost("/report", async (HttpContext context) =>
        {
            var state = states[int.Parse(context.Request.Query["a"]!, CultureInfo.InvariantCulture)];
            await state.Turn.WaitAsync();
            int version;
            try
            {
                var payload = state.Payload.ToArray();
                var stamp = ++state.Stamp;
                BitConverter.TryWriteBytes(payload.AsSpan(payload.Length - 64), stamp);
                var next = state.Version + 1;
                var audit = state.Template.Select(r => r with { Version = next, AtUtc = DateTimeOffset.UtcNow, NewValue = stamp.ToString(CultureInfo.InvariantCulture) }).ToArray();
                version = await commit.WriteAsync(new StateWrite(state.Address, payload, state.Version, audit))
                          ?? throw new InvalidOperationException($"{state.Address.GrainKey}: the stored version is not {state.Version}");
                (state.Payload, state.Version) = (payload, version);
            }
            finally
            {
                state.Turn.Release();
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"{{\"version\":{version}}}");
        });
        await app.StartAsync();

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            DefaultRequestVersion = HttpVersion.Version11,
        };
        var uris = Enumerable.Range(0, states.Length).Select(a => new Uri($"http://127.0.0.1:{port}/report?a={a}")).ToArray();
        long counter = -1;
        async Task<Outcome> ReportAsync(int client)
        {
            var a = (int)(Interlocked.Increment(ref counter) % uris.Length);
            using var response = await http.PostAsync(uris[a], null);
            await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode ? Outcome.Ok : Outcome.Error;
        }

        var meter = new ProcessorMeter([
            (Process, () => ProcessorTime.OfProcess(Environment.ProcessId)),
            (EditingBenchmark.Database, postgres.ProcessorTime),
            (EditingBenchmark.Machine, ProcessorTime.MachineBusy),
        ]);
        Console.Error.WriteLine($"The floor: {Prewarm.TotalSeconds:N0} s unrecorded at 16 clients first...");
        await LoadRun.RunAsync(16, Prewarm, TimeSpan.Zero, ReportAsync);
        var results = new List<(LoadResult, double)>();
        foreach (var clients in levels)
        {
            var (batches, writes) = commit.Committed;
            var result = await LoadRun.RunAsync(clients, options.Warmup, options.Duration, ReportAsync, meter);
            var (batchesAfter, writesAfter) = commit.Committed;
            var perCommit = (double)(writesAfter - writes) / Math.Max(1, batchesAfter - batches);
            Console.Error.WriteLine($"The floor, {clients} clients: {result.OkPerSecond:N0} reports/s, p50 {result.Latency.P50:N2} ms, errors {result.Errors}; " +
                                    $"per report: {string.Join(", ", meter.Names.Select(n => $"{n} {result.ProcessorMsPerOk(n):N3} ms"))}; {perCommit:N1} writes per commit (warm-up included)");
            results.Add((result, perCommit));
        }
        await app.StopAsync();
        return results;
    }

    /// <summary>An action's state in the floor's memory, written one report at a time, as a grain would.</summary>
    private sealed class HeldAction(StoredAction stored)
    {
        public StateAddress Address { get; } = stored.Address;
        public AuditRecord[] Template { get; } = stored.Audit;
        public SemaphoreSlim Turn { get; } = new(1, 1);
        public byte[] Payload { get; set; } = stored.Payload;
        public int Version { get; set; } = stored.Version;
        public long Stamp { get; set; }
    }
}
