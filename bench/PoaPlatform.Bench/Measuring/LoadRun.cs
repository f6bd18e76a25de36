using System.Diagnostics;

namespace PoaPlatform.Bench.Measuring;

/// <summary>What one operation of a load run came to.</summary>
public enum Outcome
{
    Ok,
    Conflict,
    Error,
}

/// <summary>Latencies and counts of one closed-loop run: every client sends its next request when the previous answered.</summary>
public sealed record LoadResult(int Clients, TimeSpan Duration, long Ok, long Conflicts, long Errors, Percentiles Latency)
{
    /// <summary>The processor time each metered part used in the recorded window, when a meter was given.</summary>
    public IReadOnlyList<(string Name, TimeSpan Used)>? Processor { get; init; }

    /// <summary>Seconds the server's JIT spent compiling during the run (warm-up and recorded window), when measured.</summary>
    public double CompilingSeconds { get; init; } = double.NaN;

    /// <summary>The server's group commits and allocations during the run (warm-up and recorded window), when measured.</summary>
    public ServerFigures? Server { get; init; }

    /// <summary>Milliseconds of processor time of a metered part per successful operation, or NaN.</summary>
    public double ProcessorMsPerOk(string name) =>
        Processor?.FirstOrDefault(p => p.Name == name) is { Name: not null } part && Ok > 0 ? part.Used.TotalMilliseconds / Ok : double.NaN;

    public double PerSecond => (Ok + Conflicts + Errors) / Duration.TotalSeconds;

    public double OkPerSecond => Ok / Duration.TotalSeconds;
}

public static class LoadRun
{
    /// <summary>Runs <paramref name="clients"/> loops of <paramref name="operation"/> for <paramref name="warmup"/>
    /// (not recorded) and then <paramref name="duration"/> (recorded). The client index is passed to the operation.</summary>
    public static async Task<LoadResult> RunAsync(int clients, TimeSpan warmup, TimeSpan duration,
        Func<int, Task<Outcome>> operation, ProcessorMeter? meter = null)
    {
        var start = Stopwatch.GetTimestamp();
        // The meter is read when the recorded window opens and when its last request answered.
        var opened = meter is null ? null : Task.Delay(warmup).ContinueWith(_ => meter.Read(), TaskScheduler.Default);
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perClient = new List<long>[clients];
        var counts = new long[clients, 3];

        var loops = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var latencies = perClient[client] = new List<long>(1 << 14);
            while (true)
            {
                var before = Stopwatch.GetTimestamp();
                if (before >= stopAt)
                    break;
                var outcome = await operation(client);
                var after = Stopwatch.GetTimestamp();
                // A request counts when it started inside the window, so the window's throughput is not inflated by
                // requests that began in the warm-up.
                if (before >= measureFrom)
                {
                    latencies.Add(after - before);
                    counts[client, (int)outcome]++;
                }
            }
        })).ToArray();
        await Task.WhenAll(loops);
        var end = Stopwatch.GetTimestamp();
        var used = meter is null ? null : ProcessorMeter.Between(await opened!, meter.Read());

        var all = perClient.SelectMany(l => l).ToArray();
        long ok = 0, conflicts = 0, errors = 0;
        for (var c = 0; c < clients; c++)
        {
            ok += counts[c, 0];
            conflicts += counts[c, 1];
            errors += counts[c, 2];
        }
        // The window closes when the last request that started in it answered.
        var window = TimeSpan.FromSeconds((double)(end - measureFrom) / Stopwatch.Frequency);
        return new LoadResult(clients, window, ok, conflicts, errors, Percentiles.Of(all))
        {
            Processor = used is null ? null : [.. meter!.Names.Zip(used)],
        };
    }
}

/// <summary>Latency percentiles (nearest rank) in milliseconds.</summary>
public sealed record Percentiles(int Count, double P50, double P90, double P99, double Max, double Mean)
{
    public static Percentiles Of(long[] stopwatchTicks)
    {
        if (stopwatchTicks.Length == 0)
            return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        Array.Sort(stopwatchTicks);
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        double At(double p) => Ms(stopwatchTicks[Math.Clamp((int)Math.Ceiling(p * stopwatchTicks.Length) - 1, 0, stopwatchTicks.Length - 1)]);
        return new Percentiles(stopwatchTicks.Length, At(0.50), At(0.90), At(0.99), Ms(stopwatchTicks[^1]), stopwatchTicks.Average(t => Ms(t)));
    }

    /// <summary>Median of a few repeated timings (e.g. whole fan-outs), in milliseconds.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>What the server did over a stretch of time, from its <c>/metrics</c>: its group commits (the
/// <c>poa.storage.commit.*</c> metrics) and the bytes it allocated (the runtime's <c>dotnet.gc.heap.total_allocated</c>).</summary>
/// <param name="Transactions">Transactions committed.</param>
/// <param name="Writes">Grain writes they carried.</param>
/// <param name="CommitSeconds">Their time, summed: each from its first statement to its commit.</param>
/// <param name="AllocatedBytes">Bytes the server allocated, everything it did meanwhile included.</param>
/// <param name="Elapsed">The stretch of time.</param>
public sealed record ServerFigures(double Transactions, double Writes, double CommitSeconds, double AllocatedBytes, TimeSpan Elapsed)
{
    public double TransactionsPerSecond => Transactions / Elapsed.TotalSeconds;

    public double WritesPerTransaction => Transactions > 0 ? Writes / Transactions : double.NaN;

    public double MeanCommitMs => Transactions > 0 ? 1000 * CommitSeconds / Transactions : double.NaN;

    /// <summary>The share of the time a transaction was committing (with one writer at a time: how busy that writer was).</summary>
    public double Committing => CommitSeconds / Elapsed.TotalSeconds;

    /// <summary>Kibibytes the server allocated per grain write: in the editing benchmark a write is a report, so this is
    /// what a report costs the collector (its requests, commands, pushes and commits).</summary>
    public double AllocatedKiBPerWrite => Writes > 0 ? AllocatedBytes / 1024 / Writes : double.NaN;
}
