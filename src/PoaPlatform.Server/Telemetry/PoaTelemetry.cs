using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PoaPlatform.Server.Telemetry;

/// <summary>The platform's own traces and metrics, next to those of ASP.NET Core, Orleans and Npgsql.</summary>
public sealed class PoaTelemetry : IDisposable
{
    public const string Name = "PoaPlatform";

    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _mutations;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _imports;
    private readonly Counter<long> _findings;
    private readonly UpDownCounter<long> _sockets;
    private readonly Counter<long> _socketsRefused;
    private readonly Counter<long> _slowReaders;

    public PoaTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        _mutations = _meter.CreateCounter<long>("poa.mutations", description: "GraphQL mutations executed, by kind and outcome.");
        _conflicts = _meter.CreateCounter<long>("poa.conflicts", description: "Commands rejected because a field they touch changed after the editor's version.");
        _imports = _meter.CreateCounter<long>("poa.imports", description: "POA documents imported (dry runs included, tagged).");
        _findings = _meter.CreateCounter<long>("poa.findings", description: "Consistency findings reported by imports, by code.");
        _sockets = _meter.CreateUpDownCounter<long>("poa.websockets.open", description: "GraphQL WebSockets open on this host.");
        _socketsRefused = _meter.CreateCounter<long>("poa.websockets.refused", description: "WebSocket upgrades refused (429), by the limit reached: address or host.");
        _slowReaders = _meter.CreateCounter<long>("poa.websockets.slow_readers", description: "WebSockets closed (1008) because the client did not read its messages.");
    }

    public void SocketOpened() => _sockets.Add(1);

    public void SocketClosed() => _sockets.Add(-1);

    /// <param name="limit"><c>address</c> or <c>host</c>.</param>
    public void SocketRefused(string limit) => _socketsRefused.Add(1, new KeyValuePair<string, object?>("limit", limit));

    public void SlowReaderClosed() => _slowReaders.Add(1);

    public void Mutation(string kind, string outcome) =>
        _mutations.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));

    public void Conflict(string kind) => _conflicts.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Import(bool dryRun, IEnumerable<string> findingCodes)
    {
        _imports.Add(1, new KeyValuePair<string, object?>("dry_run", dryRun));
        foreach (var code in findingCodes)
            _findings.Add(1, new KeyValuePair<string, object?>("code", code));
    }

    public void Dispose() => _meter.Dispose();
}
