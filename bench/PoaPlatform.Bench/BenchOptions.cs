using System.Globalization;
using PoaPlatform.Bench.Generation;

namespace PoaPlatform.Bench;

/// <summary>Command-line options shared by the subcommands (<c>--name value</c>).</summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values;

    public BenchOptions(IEnumerable<string> args)
    {
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                    _values[pending] = "true";
                pending = arg[2..];
            }
            else if (pending is not null)
            {
                _values[pending] = arg;
                pending = null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{arg}'.");
            }
        }
        if (pending is not null)
            _values[pending] = "true";
    }

    public CityShape Shape => new(Int("departments", 40), Int("actions", 25), Int("activities", 8), Int("seed", 2021));

    /// <summary>Seconds recorded per client count.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Double("duration", 10));

    /// <summary>Seconds of unrecorded load before each recorded window.</summary>
    public TimeSpan Warmup => TimeSpan.FromSeconds(Double("warmup", 3));

    /// <summary>Seconds of unrecorded load before the first client count on a server, so that its code paths are
    /// compiled by the optimizing JIT before anything is recorded (tiered compilation starts every method unoptimized).</summary>
    public TimeSpan Prewarm => TimeSpan.FromSeconds(Double("prewarm", 15));

    /// <summary>Where to write this run's markdown section; nothing is written when absent.</summary>
    public string? Markdown => String("markdown");

    /// <summary>Where to append the tab-separated target verdicts.</summary>
    public string? Targets => String("targets");

    public int[] Clients(params int[] defaults) =>
        String("clients") is { } list ? list.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() : defaults;

    /// <summary>A comma-separated list of client counts under another name (e.g. <c>--large-clients 1,8</c>).</summary>
    public int[] Ints(string name, params int[] defaults) =>
        String(name) is { } list ? list.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() : defaults;

    public TimeSpan Seconds(string name, double fallback) => TimeSpan.FromSeconds(Double(name, fallback));

    public int Int(string name, int fallback) => String(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => String(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string? String(string name) => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>The databases to measure (<c>--storage sqlite,postgresql</c>): the option's, or both.</summary>
    public PoaPlatform.Persistence.StorageProvider[] Storages() =>
        (String("storage") ?? "sqlite,postgresql").Split(',').Select(s => Enum.Parse<PoaPlatform.Persistence.StorageProvider>(s, ignoreCase: true)).ToArray();
}
