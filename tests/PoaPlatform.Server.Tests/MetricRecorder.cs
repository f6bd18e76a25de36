using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace PoaPlatform.Server.Tests;

/// <summary>Records the measurements of one host's own counters while it is not disposed. Only that host's: the tests
/// of other classes run their hosts in this process at the same time, and their meters have the same name.</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, string?> Tags)> _measurements = new();

    public MetricRecorder(PoaServerFactory server)
    {
        ArgumentNullException.ThrowIfNull(server);
        // A host's meters are made by its IMeterFactory, which is their scope.
        var meters = server.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "PoaPlatform" && ReferenceEquals(instrument.Meter.Scope, meters))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
                copy[tag.Key] = tag.Value?.ToString();
            _measurements.Enqueue((instrument.Name, value, copy));
        });
        _listener.Start();
    }

    /// <summary>The sum of an instrument's measurements whose tags include all of <paramref name="tags"/>.</summary>
    public long Sum(string instrument, params (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Key) == t.Value)).Sum(m => m.Value);

    /// <summary>Every tag value an instrument was measured with.</summary>
    public IReadOnlySet<string> TagValues(string instrument, string key) =>
        _measurements.Where(m => m.Instrument == instrument && m.Tags.ContainsKey(key)).Select(m => m.Tags[key]!).ToHashSet();

    public void Dispose() => _listener.Dispose();
}
