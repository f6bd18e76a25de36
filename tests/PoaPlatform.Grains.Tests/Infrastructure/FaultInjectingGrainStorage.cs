using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Storage;

namespace PoaPlatform.Grains.Tests.Infrastructure;

/// <summary>Passes everything to the real storage, except writes of the grains a test has marked to fail.</summary>
internal sealed class FaultInjectingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (StorageFaults.ShouldFail(grainId.Key.ToString()!))
            throw new IOException($"Injected storage failure writing {grainId}.");
        StorageFaults.Count(stateName, grainId.Key.ToString()!, grainState.State is PoaPlatform.Grains.Storage.IStoredApart { Part.IsStored: true });
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}

/// <summary>Which grain keys fail to write, for as long as the returned handle is not disposed.</summary>
public static class StorageFaults
{
    private static readonly ConcurrentDictionary<string, bool> s_failing = new(StringComparer.Ordinal);

    public static IDisposable FailWritesOf(string grainKey)
    {
        s_failing[grainKey] = true;
        return new Handle(grainKey);
    }

    private static readonly ConcurrentDictionary<(string State, string Key), int> s_writes = new();

    private static readonly ConcurrentDictionary<(string State, string Key), int> s_partsKept = new();

    internal static bool ShouldFail(string grainKey) => s_failing.ContainsKey(grainKey);

    internal static void Count(string stateName, string grainKey, bool partKept)
    {
        s_writes.AddOrUpdate((stateName, grainKey), 1, (_, n) => n + 1);
        if (partKept)
            s_partsKept.AddOrUpdate((stateName, grainKey), 1, (_, n) => n + 1);
    }

    /// <summary>How many writes of one state of one grain reached the storage (and did not fail there) so far.</summary>
    public static int Writes(string stateName, string grainKey) => s_writes.GetValueOrDefault((stateName, grainKey));

    /// <summary>How many of those writes left the state's part stored apart as the row holds it (decision 0031).</summary>
    public static int PartsKept(string stateName, string grainKey) => s_partsKept.GetValueOrDefault((stateName, grainKey));

    private sealed class Handle(string key) : IDisposable
    {
        public void Dispose() => s_failing.TryRemove(key, out _);
    }
}
