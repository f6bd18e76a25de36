using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using PoaPlatform.Grains.Audit;
using PoaPlatform.Persistence;

namespace PoaPlatform.Grains.Storage;

/// <summary>The POA grains' storage: one durable round trip per write, the state and its audit entries in one
/// transaction, writes of many grains grouped into one commit (<see cref="GroupCommit"/>), reads of grains that activate
/// together into one query (<see cref="GroupRead"/>), and a state's part that most writes leave as it is stored apart and
/// written only when it changed (<see cref="IStoredApart"/>). Rows are those of the Orleans ADO.NET provider
/// (<c>orleans_storage</c>, same key and payload, and a column of ours for the part stored apart): a state without such a
/// part written by either reads in the other.</summary>
public sealed class PoaGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private readonly string _serviceId;
    private readonly IGrainStateStore _store;
    private readonly GroupCommit _commit;
    private readonly GroupRead _read;
    private readonly Serializer _serializer;
    private readonly ILogger _logger;

    /// <param name="serializer">Orleans' serializer, as its <c>OrleansGrainStorageSerializer</c> uses it (the same bytes):
    /// called directly, it writes into pooled buffers and returns one array of the payload's size, where that class
    /// grows an array by doubling and hands out a slice that had to be copied again.</param>
    public PoaGrainStorage(string serviceId, IGrainStateStore store, GroupCommitOptions options, Serializer serializer, ILogger<PoaGrainStorage> logger)
    {
        _serviceId = serviceId;
        _store = store;
        _serializer = serializer;
        _logger = logger;
        _commit = new GroupCommit(store, options);
        _read = new GroupRead(store);
    }

    /// <summary>Batches and writes committed by this silo.</summary>
    public (long Batches, long Writes) Committed => _commit.Committed;

    /// <summary>Committed writes that carried their part stored apart: the others left the stored part as it was.</summary>
    public long ApartWritten => _commit.ApartWritten;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        // Grains that activate together (an import, a restarted city) share a query.
        var stored = await _read.ReadAsync(Address(stateName, grainId));
        grainState.ETag = stored is null ? null : Etag(stored.Version);
        grainState.RecordExists = stored?.Payload is not null;
        grainState.State = stored?.Payload is { } payload ? _serializer.Deserialize<T>(payload) : Activator.CreateInstance<T>();
        if (stored?.Payload is not null && grainState.State is IStoredApart apart)
        {
            try
            {
                apart.ReadPart(stored.Apart, _serializer);
            }
            catch (InvalidOperationException e)
            {
                var address = Address(stateName, grainId);
                throw new InvalidOperationException($"The stored {stateName} of {address.GrainKey} (version {stored.Version}) cannot be read: {e.Message}.", e);
            }
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var audited = grainState.State as IAuditedState;
        var outbox = audited?.Outbox ?? [];
        // The part stored apart goes to its own column, and only when the row does not hold it already.
        var apart = grainState.State as IStoredApart;
        var part = apart?.Part;
        var partBytes = part is null || part.IsStored ? null : part.Bytes(_serializer);
        // The entries go to the audit table in this transaction: the stored state does not carry them too.
        if (audited is not null)
            audited.Outbox = [];
        if (apart is not null)
            apart.LeavesPartOut = true;
        byte[] payload;
        try
        {
            payload = _serializer.SerializeToArray(grainState.State);
        }
        finally
        {
            if (audited is not null)
                audited.Outbox = outbox;
            if (apart is not null)
                apart.LeavesPartOut = false;
        }

        var version = await Commit(stateName, grainId, grainState.ETag, payload, [.. outbox.Select(AuditStoreSink.ToRecord)], partBytes);
        // Committed: the grain sees its outbox delivered (it restores it itself when this throws), and the row holds the part.
        outbox.Clear();
        part?.MarkStored();
        (grainState.ETag, grainState.RecordExists) = (Etag(version), true);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var version = await Commit(stateName, grainId, grainState.ETag, null, [], null);
        (grainState.ETag, grainState.RecordExists, grainState.State) = (Etag(version), false, Activator.CreateInstance<T>());
    }

    private async Task<int> Commit(string stateName, GrainId grainId, string? etag, byte[]? payload, AuditRecord[] audit, byte[]? apart)
    {
        var expected = etag is null ? (int?)null : int.Parse(etag, System.Globalization.CultureInfo.InvariantCulture);
        var address = Address(stateName, grainId);
        if (await _commit.WriteAsync(new StateWrite(address, payload, expected, audit, apart)) is { } version)
            return version;
        var stored = await _store.ReadAsync(address);
        _logger.LogWarning("The stored {State} of {Grain} is at version {Stored}, not {Expected}: another activation wrote it.",
            stateName, address.GrainKey, stored?.Version, etag ?? "none");
        throw new InconsistentStateException(
            $"The stored {stateName} of {address.GrainKey} changed since it was read (version {stored?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, expected {etag ?? "none"}).",
            stored is null ? "" : Etag(stored.Version), etag ?? "");
    }

    private StateAddress Address(string stateName, GrainId grainId) => new(_serviceId, stateName, grainId.Key.ToString()!);

    private static string Etag(int version) => version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Participate(ISiloLifecycle observer) =>
        observer.Subscribe(nameof(PoaGrainStorage), ServiceLifecycleStage.RuntimeStorageServices, _ => Task.CompletedTask,
            async _ => await DisposeAsync());

    /// <summary>Commits what is queued and stops taking writes.</summary>
    public ValueTask DisposeAsync() => _commit.DisposeAsync();
}
