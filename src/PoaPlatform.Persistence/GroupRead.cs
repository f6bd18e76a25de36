using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace PoaPlatform.Persistence;

/// <summary>Group read: grains that activate together read their states together, one query for the reads that
/// queued while the previous one ran (an import activates hundreds of new actions at once, a restarted city thousands).
/// As in <see cref="GroupCommit"/> there is no reader thread: a read that finds the reader's place free runs on its
/// caller's flow, so a lone read pays only its own query. Each read is answered with what its query found; a query that
/// fails fails each read in it.</summary>
public sealed class GroupRead(IGrainStateStore store, int maxBatch = GroupRead.DefaultMaxBatch)
{
    /// <summary>The most reads one query carries.</summary>
    public const int DefaultMaxBatch = 256;

    private static readonly Meter Meter = new(GroupCommit.MeterName);
    private static readonly Histogram<int> BatchReads = Meter.CreateHistogram<int>("poa.storage.read.states", "{state}",
        "Grain states read together in one query (grains activating at the same time).");

    private readonly IGrainStateStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly int _maxBatch = maxBatch is >= 1 and <= 10_000 ? maxBatch
        : throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, "Use 1 to 10000 reads per query.");
    private readonly ConcurrentQueue<Pending> _queue = new();
    private int _reading; // 1 while a reader holds the place
    private long _queries;
    private long _reads;

    /// <summary>Queries run and reads answered by them so far.</summary>
    public (long Queries, long Reads) Done => (Interlocked.Read(ref _queries), Interlocked.Read(ref _reads));

    /// <summary>The stored state of <paramref name="address"/>, or null when it has no row.</summary>
    public Task<StoredState?> ReadAsync(StateAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var pending = new Pending(address, new TaskCompletionSource<StoredState?>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _reading, 1, 0) == 0)
            return LeadAsync(pending);
        return pending.Done.Task;
    }

    /// <summary>The caller reads batches until its own read was answered, then hands what queued since to the
    /// background.</summary>
    private async Task<StoredState?> LeadAsync(Pending own)
    {
        await ReadQueuedAsync(until: own.Done.Task).ConfigureAwait(false);
        return await own.Done.Task.ConfigureAwait(false);
    }

    private async Task ReadQueuedAsync(Task? until = null)
    {
        var batch = new List<Pending>();
        while (until?.IsCompleted != true && Take(batch))
        {
            await QueryAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
        HandOff();
    }

    /// <summary>Gives the reader's place back, unless reads are queued: those it reads in the background. A read queued
    /// just as the place was given back finds it free, or is seen here when taking it back succeeds.</summary>
    private void HandOff()
    {
        while (true)
        {
            if (!_queue.IsEmpty)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static read => _ = read.ReadQueuedAsync(), this, preferLocal: false);
                return;
            }
            Volatile.Write(ref _reading, 0);
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _reading, 1, 0) != 0)
                return;
        }
    }

    private bool Take(List<Pending> batch)
    {
        while (batch.Count < _maxBatch && _queue.TryDequeue(out var next))
            batch.Add(next);
        return batch.Count > 0;
    }

    /// <summary>One query for the batch. Never throws: a failure fails the batch's reads, and the place goes on.</summary>
    private async Task QueryAsync(List<Pending> batch)
    {
        try
        {
            if (batch.Count == 1)
            {
                batch[0].Done.TrySetResult(await _store.ReadAsync(batch[0].Address).ConfigureAwait(false));
            }
            else
            {
                var found = await _store.ReadManyAsync(batch.ConvertAll(p => p.Address)).ConfigureAwait(false);
                foreach (var pending in batch)
                    pending.Done.TrySetResult(found.GetValueOrDefault(pending.Address));
            }
            BatchReads.Record(batch.Count);
            Interlocked.Increment(ref _queries);
            Interlocked.Add(ref _reads, batch.Count);
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
                pending.Done.TrySetException(e);
        }
    }

    private sealed record Pending(StateAddress Address, TaskCompletionSource<StoredState?> Done);
}
