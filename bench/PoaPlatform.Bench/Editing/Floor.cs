using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;
using PoaPlatform.Bench.Hosting;
using PoaPlatform.Bench.Measuring;
using PoaPlatform.Grains;
using PoaPlatform.Persistence;
using PoaPlatform.Testing;

namespace PoaPlatform.Bench.Editing;

/// <summary>
/// The floor under the editing target: what a server could reach on this machine if a report were nothing but an HTTP
/// request and the durable write it ends in. Run on the editing benchmark's cluster after its server stopped: a bare
/// HTTP endpoint in this process, with no GraphQL, no token, no grains and no roll-ups, answers each report by writing
/// an action's state as the server left it (8 bytes of it changed) with the audit records of that action's last
/// report, through the platform's own <see cref="GroupCommit"/> over its PostgreSQL store (one writer), one action at
/// a time as a grain would. Like the server's report, a write leaves the programming stored apart as it is (decision
/// 0031): only the payload is read and written. The same tables, the same rows, the same statement; pgbench runs
/// after it.
/// </summary>
public static class Floor
{
    /// <summary>Enough for the JIT of a handful of methods (the editing benchmark settles the server's for longer).</summary>
    private static readonly TimeSpan Prewarm = TimeSpan.FromSeconds(5);

    /// <summary>The name of this process in the processor meter: the endpoint and its load generator together.</summary>
    public const string Process = "this process";

    /// <summary>What was written per report (the average state and audit records), and each client count's run.</summary>
    public sealed record Figures(double StateBytes, double AuditPerReport, IReadOnlyList<Level> Levels);

    /// <summary>A client count's closed loop, and the writes each commit carried in it (warm-up included).</summary>
    public sealed record Level(LoadResult Load, double WritesPerCommit);

    /// <summary>The floor at each client count, over the actions the server left in the database at
    /// <paramref name="connectionString"/>, each written at its stored version with its last report's audit records.</summary>
    public static async Task<Figures> MeasureAsync(DurablePostgres postgres, string connectionString, IReadOnlyList<string> actionKeys,
        IReadOnlyList<int> levels, BenchOptions options)
    {
        var target = StorageTarget.PostgreSql(connectionString);
        var actions = await ReadActionsAsync(target, actionKeys);
        var figures = new Figures(actions.Average(a => a.StateBytes), actions.Average(a => a.Template.Length), []);
        Console.Error.WriteLine($"The floor: {actions.Length:N0} actions read back, {figures.StateBytes:N0} bytes of state and {figures.AuditPerReport:N1} audit records per report");
        try
        {
            return figures with { Levels = await MeasureAsync(target, actions, postgres, levels, options) };
        }
        finally
        {
            foreach (var action in actions)
                action.Dispose();
        }
    }

    /// <summary>Each action's stored state and version, with the audit records of the command that wrote that version
    /// (read through the platform's audit store, newest first).</summary>
    private static async Task<HeldAction[]> ReadActionsAsync(StorageTarget target, IReadOnlyList<string> actionKeys)
    {
        var stored = new List<(StateAddress Address, byte[] Payload, int Version)>(actionKeys.Count);
        await using (var connection = new NpgsqlConnection(target.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT service_id, grain_id_extension_string, payload_binary, version FROM orleans_storage WHERE grain_type_string = @state AND grain_id_extension_string = ANY(@keys)",
                connection);
            command.Parameters.AddWithValue("state", PoaStorage.ActionState);
            command.Parameters.AddWithValue("keys", actionKeys.ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                stored.Add((new StateAddress(reader.GetString(0), PoaStorage.ActionState, reader.GetString(1)), (byte[])reader[2], reader.GetInt32(3)));
        }
        if (actionKeys.Except(stored.Select(s => s.Address.GrainKey)).FirstOrDefault() is { } missing)
            throw new InvalidOperationException($"The floor: action {missing} is not stored.");
        var audit = AuditStores.Create(target);
        var actions = new List<HeldAction>(stored.Count);
        foreach (var (address, payload, version) in stored)
        {
            var newest = await audit.ReadAsync(new AuditQuery(ActionKey: address.GrainKey, Limit: 64));
            AuditRecord[] template = [.. newest.Where(r => r.Version == version).OrderBy(r => r.Sequence)];
            if (template.Length == 0)
                throw new InvalidOperationException($"The floor: action {address.GrainKey} has no audit record at its version {version}.");
            actions.Add(new HeldAction(address, payload, version, template));
        }
        return [.. actions];
    }

    private static async Task<List<Level>> MeasureAsync(StorageTarget target, HeldAction[] actions, DurablePostgres postgres,
        IReadOnlyList<int> levels, BenchOptions options)
    {
        await using var commit = new GroupCommit(GrainStateStores.Create(target));
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        app.MapPost("/report", async (HttpContext context) =>
        {
            var version = await actions[int.Parse(context.Request.Query["a"]!, CultureInfo.InvariantCulture)].ReportAsync(commit);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"{{\"version\":{version}}}");
        });
        await app.StartAsync();

        using var http = GraphQLClient.LoadClient(TimeSpan.FromSeconds(60));
        var uris = Enumerable.Range(0, actions.Length).Select(a => new Uri($"http://127.0.0.1:{port}/report?a={a}")).ToArray();
        long counter = -1;
        async Task<Outcome> ReportAsync(int client)
        {
            using var response = await http.PostAsync(uris[(int)(Interlocked.Increment(ref counter) % uris.Length)], null);
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
        var results = new List<Level>();
        foreach (var clients in levels)
        {
            var (batches, writes) = commit.Committed;
            var result = await LoadRun.RunAsync(clients, options.Warmup, options.Duration, ReportAsync, meter);
            var (batchesAfter, writesAfter) = commit.Committed;
            var level = new Level(result, (double)(writesAfter - writes) / Math.Max(1, batchesAfter - batches));
            Console.Error.WriteLine($"The floor, {clients} clients: {result.OkPerSecond:N0} reports/s, p50 {result.Latency.P50:N2} ms, errors {result.Errors}; " +
                                    $"per report: {string.Join(", ", meter.Names.Select(n => $"{n} {result.ProcessorMsPerOk(n):N3} ms"))}; {level.WritesPerCommit:N1} writes per commit (warm-up included)");
            results.Add(level);
        }
        await app.StopAsync();
        return results;
    }

    /// <summary>An action in the floor's memory: its stored state and version, written one report at a time as a grain
    /// would, each report with the audit records of the command that wrote the stored version.</summary>
    private sealed class HeldAction(StateAddress address, byte[] payload, int version, AuditRecord[] template) : IDisposable
    {
        private readonly SemaphoreSlim _turn = new(1, 1);
        private byte[] _payload = payload;

        public StateAddress Address { get; } = address;

        public int Version { get; private set; } = version;

        public AuditRecord[] Template { get; } = template;

        public int StateBytes => _payload.Length;

        /// <summary>Writes the state again with the next version in 8 of its bytes (so that no two writes are the same),
        /// and answers that version.</summary>
        public async Task<int> ReportAsync(GroupCommit commit)
        {
            await _turn.WaitAsync();
            try
            {
                var next = Version + 1;
                var payload = _payload.ToArray();
                BitConverter.TryWriteBytes(payload.AsSpan(payload.Length - 64), (long)next);
                var audit = Template.Select(r => r with { Version = next, AtUtc = DateTimeOffset.UtcNow, NewValue = next.ToString(CultureInfo.InvariantCulture) }).ToArray();
                var written = await commit.WriteAsync(new StateWrite(Address, payload, Version, audit))
                              ?? throw new InvalidOperationException($"{Address.GrainKey}: the stored version is not {Version}");
                (_payload, Version) = (payload, written);
                return written;
            }
            finally
            {
                _turn.Release();
            }
        }

        public void Dispose() => _turn.Dispose();
    }
}
