using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using PoaPlatform.Bench.Hosting;
using PoaPlatform.Bench.Measuring;

namespace PoaPlatform.Bench.Editing;

/// <summary>A pgbench run: its rate and latencies, and the processor time per transaction of PostgreSQL, of pgbench
/// itself and of the whole machine.</summary>
public sealed record PgbenchResult(int Clients, double Tps, Percentiles Latency, string Summary, double PostgresMs = double.NaN, double ClientMs = double.NaN, double MachineMs = double.NaN);

/// <summary>pgbench with a custom script of one single-row UPDATE per transaction: the durable commit rate.</summary>
public static partial class Pgbench
{
    public const int Rows = 100_000;
    public const string Script = "\\set id random(1, 100000)\nUPDATE cells SET value = value + 1 WHERE id = :id;\n";
    public const string Executable = DurablePostgres.BinDirectory + "/pgbench";

    public static async Task<List<PgbenchResult>> RunAsync(DurablePostgres postgres, IReadOnlyList<int> clientCounts, TimeSpan duration)
    {
        await postgres.CreateDatabaseAsync("pgbench");
        await using (var connection = new NpgsqlConnection(postgres.ConnectionString("pgbench")))
        {
            await connection.OpenAsync();
            foreach (var sql in (string[])[
                "CREATE TABLE cells (id int PRIMARY KEY, value bigint NOT NULL)",
                $"INSERT INTO cells SELECT g, 0 FROM generate_series(1, {Rows}) g",
                "VACUUM ANALYZE cells"])
            {
                await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant text
                command.CommandText = sql;
#pragma warning restore CA2100
                await command.ExecuteNonQueryAsync();
            }
        }
        var directory = Path.Combine(Path.GetTempPath(), "poa-bench-pgbench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            var script = Path.Combine(directory, "update.sql");
            await File.WriteAllTextAsync(script, Script);
            var results = new List<PgbenchResult>();
            foreach (var clients in clientCounts)
            {
                var run = Path.Combine(directory, clients.ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(run);
                Console.Error.WriteLine($"pgbench, {clients} clients, {duration.TotalSeconds:N0} s...");
                var (database, client, machine) = (postgres.ProcessorTime(), ProcessorTime.OfEndedChildren(), ProcessorTime.MachineBusy());
                var output = await DurablePostgres.RunAsync(Executable,
                [
                    "-h", "127.0.0.1", "-p", postgres.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-n", "-f", script,
                    "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", clients.ToString(CultureInfo.InvariantCulture),
                    "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-l", "--log-prefix", Path.Combine(run, "log"), "pgbench",
                ], asPostgres: false);
                await Task.Delay(500); // the postmaster reaps pgbench's backends
                var match = Tps().Match(output);
                if (!match.Success)
                    throw new InvalidOperationException($"pgbench at {clients} clients printed no tps (a -T shorter than its connections take?):\n{output}");
                var tps = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                // Per-transaction log lines: client_id transaction_no time(µs) script_no time_epoch time_us
                var latencies = Directory.GetFiles(run).SelectMany(File.ReadLines)
                    .Select(line => line.Split(' '))
                    .Where(f => f.Length >= 3)
                    .Select(f => (long)(long.Parse(f[2], CultureInfo.InvariantCulture) * (System.Diagnostics.Stopwatch.Frequency / 1e6)))
                    .ToArray();
                // pgbench's backends ended with it and count in the postmaster's reaped children; pgbench itself counts
                // in ours once it was waited for.
                var perTx = 1.0 / Math.Max(1, latencies.Length);
                var result = new PgbenchResult(clients, tps, Percentiles.Of(latencies), output,
                    PostgresMs: (postgres.ProcessorTime() - database).TotalMilliseconds * perTx,
                    ClientMs: (ProcessorTime.OfEndedChildren() - client).TotalMilliseconds * perTx,
                    MachineMs: (ProcessorTime.MachineBusy() - machine).TotalMilliseconds * perTx);
                Console.Error.WriteLine($"  {tps:N0} tps, p50 {result.Latency.P50:N2} ms, p99 {result.Latency.P99:N2} ms; processor per transaction: PostgreSQL {result.PostgresMs:N3} ms, pgbench {result.ClientMs:N3} ms, machine {result.MachineMs:N3} ms");
                results.Add(result);
            }
            return results;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
