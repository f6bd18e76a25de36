namespace PoaPlatform.Persistence.Tests;

/// <summary>Group commit on a real SQLite file, seen through a store that passes every batch on to the real one and
/// can hold a batch (a slow disk) or fail it (a lost connection).</summary>
public sealed class GroupCommitTests() : SqliteStoreTest("group-commit")
{
    [Fact]
    public async Task A_lone_write_is_committed_by_its_caller_and_answered_without_a_hand_off()
    {
        var store = new WatchedStore(Sqlite);
        await using var commit = new GroupCommit(store, new GroupCommitOptions(Writers: 1));
        var caller = Environment.CurrentManagedThreadId;

        var written = commit.WriteAsync(Write(1));

        // SQLite answers at once, so the caller's own flow committed it: no writer thread was woken, none answered.
        Assert.True(written.IsCompletedSuccessfully);
        Assert.Equal(1, await written);
        Assert.Equal([caller], store.Threads);
        Assert.Equal(1, (await Sqlite.ReadAsync(Address(1)))!.Version);
    }

    [Fact]
    public async Task Writes_that_queue_behind_a_commit_share_the_next_one_and_are_answered_only_after_it()
    {
        var store = new WatchedStore(Sqlite);
        await using var commit = new GroupCommit(store, new GroupCommitOptions(Writers: 1));
        var slowDisk = store.HoldNextBatch();

        var first = commit.WriteAsync(Write(1));
        var queued = Enumerable.Range(2, 5).Select(i => commit.WriteAsync(Write(i))).ToList();
        await Task.Delay(100);

        Assert.False(first.IsCompleted);
        Assert.All(queued, q => Assert.False(q.IsCompleted));
        slowDisk.SetResult();
        Assert.Equal([1, 1, 1, 1, 1], await Task.WhenAll(queued));
        Assert.Equal(1, await first);
        Assert.Equal([1, 5], store.Batches);
        for (var i = 1; i <= 6; i++)
            Assert.Equal(1, (await Sqlite.ReadAsync(Address(i)))!.Version);
    }

    [Fact]
    public async Task A_failed_batch_fails_each_write_in_it_and_the_next_write_still_commits()
    {
        var store = new WatchedStore(Sqlite);
        await using var commit = new GroupCommit(store, new GroupCommitOptions(Writers: 1));
        var slowDisk = store.HoldNextBatch();
        var first = commit.WriteAsync(Write(1));
        var queued = Enumerable.Range(2, 3).Select(i => commit.WriteAsync(Write(i))).ToList();
        store.FailBatch(2, new InvalidOperationException("the connection was lost"));

        slowDisk.SetResult();

        Assert.Equal(1, await first);
        foreach (var write in queued)
            Assert.Equal("the connection was lost", (await Assert.ThrowsAsync<InvalidOperationException>(() => write)).Message);
        for (var i = 2; i <= 4; i++)
            Assert.Null(await Sqlite.ReadAsync(Address(i)));
        // The failed batch gave its writer's place back.
        Assert.Equal(1, await commit.WriteAsync(Write(5)).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([1, 3, 1], store.Batches);
    }

    [Fact]
    public async Task A_store_that_throws_before_it_returns_a_task_fails_the_write_and_leaves_the_place_free()
    {
        var store = new ThrowsOnce(Sqlite);
        await using var commit = new GroupCommit(store, new GroupCommitOptions(Writers: 1));

        var failed = commit.WriteAsync(Write(1));

        Assert.Equal("no connection", (await Assert.ThrowsAsync<InvalidOperationException>(() => failed)).Message);
        Assert.Equal(1, await commit.WriteAsync(Write(2)).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_caller_whose_execution_context_does_not_flow_hands_what_queued_behind_it_to_the_background()
    {
        var store = new WatchedStore(Sqlite);
        await using var commit = new GroupCommit(store, new GroupCommitOptions(Writers: 1));
        Task<int?>? behind = null;
        store.DuringNextBatch(() => behind = commit.WriteAsync(Write(2)));

        Task<int?> first;
        using (ExecutionContext.SuppressFlow())
            first = commit.WriteAsync(Write(1));

        Assert.Equal(1, await first);
        Assert.Equal(1, await behind!.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([1, 1], store.Batches);
    }

    [Fact]
    public async Task Stopping_commits_what_is_queued_and_refuses_later_writes()
    {
        var store = new WatchedStore(Sqlite);
        var commit = new GroupCommit(store, new GroupCommitOptions(Writers: 1));
        var slowDisk = store.HoldNextBatch();
        var writes = Enumerable.Range(1, 4).Select(i => commit.WriteAsync(Write(i))).ToList();

        var stopping = commit.DisposeAsync().AsTask();
        await Task.Delay(100);
        Assert.False(stopping.IsCompleted);
        slowDisk.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(writes, w => Assert.True(w.IsCompletedSuccessfully));
        Assert.Equal([1, 3], store.Batches);
        // Refused at once, not through the task: the caller learns before it waits.
        Assert.Throws<ObjectDisposedException>(() => { _ = commit.WriteAsync(Write(5)); });
    }

    [Fact]
    public async Task Many_callers_never_commit_in_more_transactions_at_once_than_the_writers_allowed()
    {
        var store = new WatchedStore(Sqlite, pause: TimeSpan.FromMilliseconds(2));
        await using var commit = new GroupCommit(store, new GroupCommitOptions(MaxBatch: 8, Writers: 3));

        var versions = await Task.WhenAll(Enumerable.Range(1, 300).Select(i => Task.Run(() => commit.WriteAsync(Write(i)))));

        Assert.All(versions, v => Assert.Equal(1, v));
        Assert.InRange(store.MostAtOnce, 1, 3);
        Assert.Equal(300, store.Batches.Sum());
        Assert.All(store.Batches, b => Assert.InRange(b, 1, 8));
        Assert.Equal((store.Batches.Count, 300L), commit.Committed);
        for (var i = 1; i <= 300; i += 37)
            Assert.Equal(1, (await Sqlite.ReadAsync(Address(i)))!.Version);
    }

    private static StateAddress Address(int i) => new("svc", "action", $"zacatecas/2021/obras/{i}");

    private static StateWrite Write(int i) => new(Address(i), [1, 2, 3, (byte)i], null, []);

    /// <summary>The real store, except that its first commit throws at once instead of returning a failed task.</summary>
    private sealed class ThrowsOnce(IGrainStateStore inner) : IGrainStateStore
    {
        private int _calls;

        public Task<StoredState?> ReadAsync(StateAddress address, CancellationToken ct = default) => inner.ReadAsync(address, ct);

        public Task<IReadOnlyDictionary<StateAddress, StoredState>> ReadManyAsync(IReadOnlyCollection<StateAddress> addresses, CancellationToken ct = default) =>
            inner.ReadManyAsync(addresses, ct);

        public Task<int?[]> CommitAsync(IReadOnlyList<StateWrite> writes, CancellationToken ct = default) =>
            Interlocked.Increment(ref _calls) == 1 ? throw new InvalidOperationException("no connection") : inner.CommitAsync(writes, ct);
    }

    /// <summary>The real store, watched: batch sizes in order, the thread each batch began on, the most batches at once;
    /// a batch can be held until released, or failed.</summary>
    private sealed class WatchedStore(IGrainStateStore inner, TimeSpan pause = default) : IGrainStateStore
    {
        private readonly Lock _lock = new();
        private readonly List<int> _batches = [];
        private readonly List<int> _threads = [];
        private TaskCompletionSource? _hold;
        private Action? _during;
        private (int Batch, Exception Error)? _failure;
        private int _atOnce;

        public List<int> Batches { get { lock (_lock) return [.. _batches]; } }

        public List<int> Threads { get { lock (_lock) return [.. _threads]; } }

        public int MostAtOnce { get; private set; }

        /// <summary>Runs <paramref name="action"/> when the next batch begins (before it commits).</summary>
        public void DuringNextBatch(Action action)
        {
            lock (_lock)
                _during = action;
        }

        public TaskCompletionSource HoldNextBatch()
        {
            var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
                _hold = hold;
            return hold;
        }

        /// <summary>The batch with this number (1 is the first) throws instead of committing.</summary>
        public void FailBatch(int batch, Exception error)
        {
            lock (_lock)
                _failure = (batch, error);
        }

        public Task<StoredState?> ReadAsync(StateAddress address, CancellationToken ct = default) => inner.ReadAsync(address, ct);

        public Task<IReadOnlyDictionary<StateAddress, StoredState>> ReadManyAsync(IReadOnlyCollection<StateAddress> addresses, CancellationToken ct = default) =>
            inner.ReadManyAsync(addresses, ct);

        public async Task<int?[]> CommitAsync(IReadOnlyList<StateWrite> writes, CancellationToken ct = default)
        {
            TaskCompletionSource? hold;
            Action? during;
            bool fail;
            lock (_lock)
            {
                _batches.Add(writes.Count);
                _threads.Add(Environment.CurrentManagedThreadId);
                (hold, _hold) = (_hold, null);
                fail = _failure is { } f && f.Batch == _batches.Count;
                MostAtOnce = Math.Max(MostAtOnce, ++_atOnce);
                (during, _during) = (_during, null);
            }
            during?.Invoke();
            try
            {
                if (hold is not null)
                    await hold.Task;
                if (pause > TimeSpan.Zero)
                    await Task.Delay(pause, ct);
                if (fail)
                    throw _failure!.Value.Error;
                return await inner.CommitAsync(writes, ct);
            }
            finally
            {
                lock (_lock)
                    _atOnce--;
            }
        }
    }
}
