using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Storage;
using PoaPlatform.Grains.Storage;

namespace PoaPlatform.Grains.Tests.Infrastructure;

/// <summary>Passes everything to the real storage, except writes of the grains a test has marked to fail.</summary>
internal sealed class FaultInjectingGrainStorage(PoaGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = grainId.Key.ToString()!;
        if (StorageFaults.ShouldFail(key))
            throw new IOException($"Injected storage failure writing {grainId}.");
        // The storage's own count of the parts stored apart it wrote: the tests' commands run one at a time.
        var apartBefore = inner.ApartWritten;
        var etag = grainState.ETag;
        await inner.WriteStateAsync(stateName, grainId, grainState);
        StorageFaults.Count(stateName, key, inner.ApartWritten > apartBefore);
        if (StorageFaults.ShouldLoseAnswer(key))
        {
            // As when the database committed and the connection broke before its answer: the grain holds the version it
            // had, and the write fails.
            grainState.ETag = etag;
            throw new IOException($"Injected loss of the answer to a committed write of {grainId}.");
        }
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
        return new Handle(() => s_failing.TryRemove(grainKey, out _));
    }

    private static readonly ConcurrentDictionary<(string State, string Key), int> s_writes = new();

    private static readonly ConcurrentDictionary<(string State, string Key), int> s_partsWritten = new();

    private static readonly ConcurrentDictionary<string, bool> s_losing = new(StringComparer.Ordinal);

    /// <summary>Writes of <paramref name="grainKey"/> commit, and then fail as if their answer was lost.</summary>
    public static IDisposable LoseAnswersOf(string grainKey)
    {
        s_losing[grainKey] = true;
        return new Handle(() => s_losing.TryRemove(grainKey, out _));
    }

    internal static bool ShouldLoseAnswer(string grainKey) => s_losing.ContainsKey(grainKey);

    internal static bool ShouldFail(string grainKey) => s_failing.ContainsKey(grainKey);

    internal static void Count(string stateName, string grainKey, bool partWritten)
    {
        s_writes.AddOrUpdate((stateName, grainKey), 1, (_, n) => n + 1);
        if (partWritten)
            s_partsWritten.AddOrUpdate((stateName, grainKey), 1, (_, n) => n + 1);
    }

    /// <summary>How many writes of one state of one grain the storage committed so far.</summary>
    public static int Writes(string stateName, string grainKey) => s_writes.GetValueOrDefault((stateName, grainKey));

    /// <summary>How many of those writes the storage committed with their part stored apart (decision 0031); the others
    /// left the stored part as it was.</summary>
    public static int PartsWritten(string stateName, string grainKey) => s_partsWritten.GetValueOrDefault((stateName, grainKey));

    private sealed class Handle(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
