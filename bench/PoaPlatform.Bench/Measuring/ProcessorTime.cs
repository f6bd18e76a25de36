using System.Globalization;

namespace PoaPlatform.Bench.Measuring;

/// <summary>Processor time (user + system) read from Linux's <c>/proc</c>: of a process, of a process and its children
/// (a PostgreSQL cluster: the postmaster and its backends), and of the whole machine. What a run cost, beside how fast
/// it went: on 2 shared cores the rate is bounded by the processor time each operation costs everyone.</summary>
public static class ProcessorTime
{
    /// <summary>USER_HZ, the unit of <c>/proc</c>'s times: 100 on every Linux architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>The process's own processor time, all its threads; zero once it is gone.</summary>
    public static TimeSpan OfProcess(int pid) => Read($"/proc/{pid}/stat") is { } fields ? Ticks(fields[11], fields[12]) : TimeSpan.Zero;

    /// <summary>The process, its living children, and the children it has waited for (a PostgreSQL backend that ended
    /// is counted in the postmaster's children's time once the postmaster reaped it).</summary>
    public static TimeSpan OfTree(int pid)
    {
        if (Read($"/proc/{pid}/stat") is not { } root)
            return TimeSpan.Zero;
        var total = Ticks(root[11], root[12]) + Ticks(root[13], root[14]);
        var own = pid.ToString(CultureInfo.InvariantCulture);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (Read(Path.Combine(directory, "stat")) is { } fields && fields[1] == own)
                total += Ticks(fields[11], fields[12]);
        }
        return total;
    }

    /// <summary>The children this process has waited for (pgbench, once it ended).</summary>
    public static TimeSpan OfEndedChildren() => Read("/proc/self/stat") is { } fields ? Ticks(fields[13], fields[14]) : TimeSpan.Zero;

    /// <summary>Processor time every core spent busy (not idle, not waiting for I/O) since boot.</summary>
    public static TimeSpan MachineBusy()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long busy = 0;
        // user nice system idle iowait irq softirq steal
        foreach (var i in (int[])[1, 2, 3, 6, 7, 8])
            busy += long.Parse(cpu[i], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(busy / TicksPerSecond);
    }

    /// <summary>The share of the machine's cores kept busy by operations costing <paramref name="msPerOperation"/> of
    /// the machine's processor each, at <paramref name="perSecond"/> a second.</summary>
    public static double CoresBusy(double msPerOperation, double perSecond) => msPerOperation * perSecond / 1000 / Environment.ProcessorCount;

    /// <summary>The rate the machine's cores allow if the processor were the only limit.</summary>
    public static double RateTheCoresAllow(double msPerOperation) => Environment.ProcessorCount * 1000 / msPerOperation;

    /// <summary>The fields after the command name (field 3, the state, is index 0; utime is 11, stime 12, cutime 13,
    /// cstime 14; the parent's pid is 1), or null when the process is gone.</summary>
    private static string[]? Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
        return text[(text.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static TimeSpan Ticks(string user, string system) =>
        TimeSpan.FromSeconds((long.Parse(user, CultureInfo.InvariantCulture) + long.Parse(system, CultureInfo.InvariantCulture)) / TicksPerSecond);
}

/// <summary>Named processor-time readers, read together at the start and the end of a recorded window.</summary>
public sealed class ProcessorMeter(IReadOnlyList<(string Name, Func<TimeSpan> Read)> parts)
{
    public IReadOnlyList<string> Names { get; } = [.. parts.Select(p => p.Name)];

    public TimeSpan[] Read() => [.. parts.Select(p => p.Read())];

    /// <summary>What each part used between two readings.</summary>
    public static TimeSpan[] Between(TimeSpan[] start, TimeSpan[] end) => [.. end.Zip(start, (e, s) => e - s)];
}
