using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace PoaPlatform.Persistence;

/// <summary>How writes are grouped into transactions.</summary>
/// <param name="MaxBatch">The most writes one transaction carries.</param>
/// <param name="Writers">Transactions committing at once. One (the default): the writes that queue while it commits
/// make the next batch, so batches grow with the load and each commit's fixed cost is shared by more writes (decision
/// 0024 measured several on PostgreSQL: smaller batches, more processor per write). SQLite has one writer, so one.</param>
/// <param name="MaxDelay">How long the first write of a batch waits for others to join it. Zero (the default) adds no
/// wait: a batch takes the writes that queued while the previous one was committing, so a lone writer pays nothing and
/// many writers share each commit.</param>
public sealed record GroupCommitOptions(int MaxBatch = 256, TimeSpan MaxDelay = default, int Writers = 1)
{
    public static readonly GroupCommitOptions Default = new();

    /// <summary>These options for a database: SQLite takes one writer at a time.</summary>
    public GroupCommitOptions For(StorageProvider provider) => provider == StorageProvider.Sqlite ? this with { Writers = 1 } : this;

    /// <summary>What is wrong with these options, or null.</summary>
    public string? Problem() =>
        MaxBatch is < 1 or > 10_000 ? $"MaxBatch is {MaxBatch}; use 1 to 10000 writes per transaction."
        : Writers is < 1 or > 64 ? $"Writers is {Writers}; use 1 to 64 transactions at once."
        : MaxDelay < TimeSpan.Zero || MaxDelay > TimeSpan.FromSeconds(1) ? $"MaxDelay is {MaxDelay}; use 0 to 1 second."
        : null;
}

/// <summary>Group commit: writes from many callers are committed together, one transaction per batch, by at most
/// <see cref="GroupCommitOptions.Writers"/> writers at once, each taking what queued while the others were busy. Each
/// caller is answered only after its batch committed; a batch that fails fails every write in it.</summary>
/// <remarks>There is no writer thread to wake: a write that finds a writer's place free commits on its caller's own
/// flow, with whatever queued meanwhile, and returns without a hand-off when the database answers at once (SQLite) —
/// a lone editor pays no thread switch for the batching (decision 0024). Writes that queued behind a caller's batch
/// are committed in the background on the same place, so no caller waits for others' batches after its own.</remarks>
public sealed class GroupCommit : IAsyncDisposable
{
    /// <summary>The meter of the storage's commits (exported by the server next to its own).</summary>
    public const string MeterName = "PoaPlatform.Storage";

    /// <summary>The source of the storage's spans: a write in its caller's trace, and the commit that carried it in a
    /// trace of its own, linked to every write it carried (a commit serves many traces, so it is no one's child).</summary>
    public const string SourceName = "PoaPlatform.Storage";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<int> BatchWrites = Meter.CreateHistogram<int>("poa.storage.commit.writes", "{write}",
        "Grain writes committed together in one transaction.");
    private static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>("poa.storage.commit.duration", "s",
        "Time of one group commit's transaction, from its first statement to its commit.");
    private static readonly Counter<long> ApartWrites = Meter.CreateCounter<long>("poa.storage.apart.writes", "{write}",
        "Grain writes committed with their part stored apart (an action's programming that changed); the others left the stored one as it was.");

    private readonly IGrainStateStore _store;
    private readonly GroupCommitOptions _options;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private int _writing; // writers' places taken: a writer is committing, or about to take a batch
    private long _batches;
    private long _writes;
    private long _apartWrites;

    public GroupCommit(IGrainStateStore store, GroupCommitOptions? options = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? GroupCommitOptions.Default;
        if (_options.Problem() is { } problem)
            throw new ArgumentException(problem, nameof(options));
    }

    /// <summary>Batches committed and writes in them so far (for the metrics and the benchmarks).</summary>
    public (long Batches, long Writes) Committed => (Interlocked.Read(ref _batches), Interlocked.Read(ref _writes));

    /// <summary>Committed writes that carried their part stored apart (<see cref="StateWrite.Apart"/>) so far.</summary>
    public long ApartWritten => Interlocked.Read(ref _apartWrites);

    /// <summary>Queues a write; the answer is its new version, or null when the stored version was not the expected one.</summary>
    public Task<int?> WriteAsync(StateWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var caller = Activity.Current;
        var span = Source.StartActivity("poa.storage.write");
        // The span ends when its commit does; the caller's own next spans are not its children.
        Activity.Current = caller;
        span?.SetTag("poa.state", write.Address.StateName).SetTag("poa.grain", write.Address.GrainKey).SetTag("poa.audit.entries", write.Audit.Count);
        var pending = new Pending(write, new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously), span);
        if (!_queue.Writer.TryWrite(pending))
        {
            span?.SetStatus(ActivityStatusCode.Error, "not queued").Dispose();
            throw new ObjectDisposedException(nameof(GroupCommit), "The storage is stopping: the write was not queued.");
        }
        // Every writer's place taken: one of them takes this write with its next batch (see HandOff).
        return TryTakePlace() ? LeadAsync(pending) : pending.Done.Task;
    }

    /// <summary>The caller commits batches until its own write was in one (another writer may have taken it), then
    /// hands what queued since to the background.</summary>
    private async Task<int?> LeadAsync(Pending own)
    {
        // The commit's span belongs to no caller's trace (this flow's change of it ends with this method).
        Activity.Current = null;
        await CommitQueuedAsync(until: own.Done.Task).ConfigureAwait(false);
        return await own.Done.Task.ConfigureAwait(false);
    }

    /// <summary>A writer's place at work: commits what is queued, batch after batch, until nothing is (or, with
    /// <paramref name="until"/>, until that write was answered), then gives the place back or hands it on.</summary>
    private async Task CommitQueuedAsync(Task? until = null)
    {
        var batch = new List<Pending>(Math.Min(_options.MaxBatch, 64));
        while (until?.IsCompleted != true && await TakeAsync(batch).ConfigureAwait(false))
        {
            await CommitAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
        HandOff();
    }

    /// <summary>Gives a writer's place back, unless writes are queued: those the place commits in the background. A write
    /// queued just as the place was given back finds it free, or is seen here when taking it back succeeds.</summary>
    private void HandOff()
    {
        while (true)
        {
            if (_queue.Reader.TryPeek(out _))
            {
                // Neither the caller's context nor its trace goes with it (unsafe: no execution context is captured).
                ThreadPool.UnsafeQueueUserWorkItem(static commit => _ = commit.CommitQueuedAsync(), this, preferLocal: false);
                return;
            }
            Interlocked.Decrement(ref _writing);
            if (!_queue.Reader.TryPeek(out _) || !TryTakePlace())
                return;
        }
    }

    private bool TryTakePlace()
    {
        var taken = Volatile.Read(ref _writing);
        while (taken < _options.Writers)
        {
            var seen = Interlocked.CompareExchange(ref _writing, taken + 1, taken);
            if (seen == taken)
                return true;
            taken = seen;
        }
        return false;
    }

    /// <summary>Takes the next batch: what is queued, up to <see cref="GroupCommitOptions.MaxBatch"/>, and with a
    /// <see cref="GroupCommitOptions.MaxDelay"/>, what joins within it. False when nothing was queued.</summary>
    private async Task<bool> TakeAsync(List<Pending> batch)
    {
        var reader = _queue.Reader;
        Take(reader, batch);
        if (batch.Count == 0)
            return false;
        if (_options.MaxDelay > TimeSpan.Zero && batch.Count < _options.MaxBatch)
        {
            using var wait = new CancellationTokenSource(_options.MaxDelay);
            try
            {
                while (batch.Count < _options.MaxBatch && await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                    Take(reader, batch);
            }
            catch (OperationCanceledException) when (wait.IsCancellationRequested)
            {
                // The delay is over: commit what joined.
            }
        }
        return true;
    }

    private void Take(ChannelReader<Pending> reader, List<Pending> batch)
    {
        while (batch.Count < _options.MaxBatch && reader.TryRead(out var next))
            batch.Add(next);
    }

    /// <summary>Commits one batch and answers each of its writes. Never throws: whatever fails fails the batch's writes,
    /// and the writer's place goes on (a writer that threw would keep its place and strand the writes behind it).</summary>
    private async Task CommitAsync(List<Pending> batch)
    {
        Activity? commit = null;
        try
        {
            var links = batch.Where(p => p.Span is not null).Select(p => new ActivityLink(p.Span!.Context));
            commit = Source.StartActivity("poa.storage.commit", ActivityKind.Internal, parentContext: default, links: links);
            commit?.SetTag("poa.storage.writes", batch.Count);
            var started = Stopwatch.GetTimestamp();
            var versions = await _store.CommitAsync(batch.ConvertAll(p => p.Write)).ConfigureAwait(false);
            BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            BatchWrites.Record(batch.Count);
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _writes, batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                // Counted before the write is answered: its caller sees it counted.
                if (versions[i] is not null && batch[i].Write.Apart is not null)
                {
                    ApartWrites.Add(1);
                    Interlocked.Increment(ref _apartWrites);
                }
                batch[i].Span?.SetTag("poa.storage.conflict", versions[i] is null).SetTag("poa.storage.writes", batch.Count).Dispose();
                batch[i].Done.TrySetResult(versions[i]);
            }
        }
        catch (Exception e)
        {
            commit?.SetStatus(ActivityStatusCode.Error, e.Message);
            foreach (var pending in batch)
            {
                pending.Span?.SetStatus(ActivityStatusCode.Error, e.Message).Dispose();
                pending.Done.TrySetException(e);
            }
        }
        finally
        {
            commit?.Dispose();
        }
    }

    /// <summary>Stops taking writes and waits until those already queued are committed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        // A queued write always has a writer coming for it (HandOff), so this ends once they committed.
        while (Volatile.Read(ref _writing) > 0 || _queue.Reader.TryPeek(out _))
            await Task.Delay(TimeSpan.FromMilliseconds(5)).ConfigureAwait(false);
    }

    private sealed record Pending(StateWrite Write, TaskCompletionSource<int?> Done, Activity? Span);
}
