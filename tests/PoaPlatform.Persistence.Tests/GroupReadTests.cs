namespace PoaPlatform.Persistence.Tests;

/// <summary>Group read on a real SQLite file, seen through a store that passes every read on to the real one and can
/// hold a query (a slow disk) or fail it (a lost connection).</summary>
public sealed class GroupReadTests() : SqliteStoreTest("group-read")
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Even keys stored (payload: the key's number), odd keys never written.
        for (var i = 0; i < 400; i += 2)
            await Sqlite.CommitAsync([new StateWrite(Address(i), Payload(i), null, [])]);
    }

    [Fact]
    public async Task A_lone_read_is_its_callers_own_query_and_answered_without_a_hand_off()
    {
        var store = new WatchedReads(Sqlite);
        var read = new GroupRead(store);

        var answer = read.ReadAsync(Address(4));

        // SQLite answers at once: the caller's flow ran the query, no reader thread was involved.
        Assert.True(answer.IsCompletedSuccessfully);
        Assert.Equal(Payload(4), (await answer)!.Payload);
        Assert.Equal([1], store.Queries);
        Assert.Equal((1, 1), read.Done);
    }

    [Fact]
    public async Task Reads_that_queue_behind_a_query_share_the_next_one_and_each_gets_its_own_state()
    {
        var store = new WatchedReads(Sqlite);
        var read = new GroupRead(store);
        var slowDisk = store.HoldNextQuery();

        var first = read.ReadAsync(Address(0));
        var queued = Enumerable.Range(1, 6).Select(i => read.ReadAsync(Address(i))).ToList();
        await Task.Delay(100);

        Assert.False(first.IsCompleted);
        Assert.All(queued, q => Assert.False(q.IsCompleted));
        slowDisk.SetResult();
        var states = await Task.WhenAll(queued);
        Assert.Equal(Payload(0), (await first)!.Payload);
        for (var i = 1; i <= 6; i++)
            Assert.Equal(i % 2 == 0 ? Payload(i) : null, states[i - 1]?.Payload);
        Assert.Equal([1, 6], store.Queries);
    }

    [Fact]
    public async Task A_failed_query_fails_each_read_in_it_and_the_next_read_still_answers()
    {
        var store = new WatchedReads(Sqlite);
        var read = new GroupRead(store);
        var slowDisk = store.HoldNextQuery();
        var first = read.ReadAsync(Address(0));
        store.FailNextQuery(new InvalidOperationException("connection lost"));
        var queued = Enumerable.Range(1, 3).Select(i => read.ReadAsync(Address(i))).ToList();

        slowDisk.SetResult();

        Assert.Equal(Payload(0), (await first)!.Payload);
        foreach (var failed in queued)
            Assert.Equal("connection lost", (await Assert.ThrowsAsync<InvalidOperationException>(() => failed)).Message);
        Assert.Equal(Payload(8), (await read.ReadAsync(Address(8)))!.Payload);
    }

    [Fact]
    public async Task Many_readers_at_once_each_get_their_own_state_in_fewer_queries_than_reads()
    {
        var store = new WatchedReads(Sqlite, pause: TimeSpan.FromMilliseconds(2));
        var read = new GroupRead(store, maxBatch: 50);

        var states = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() => read.ReadAsync(Address(i)))));

        for (var i = 0; i < 400; i++)
            Assert.Equal(i % 2 == 0 ? Payload(i) : null, states[i]?.Payload);
        Assert.Equal(400, store.Queries.Sum());
        Assert.All(store.Queries, q => Assert.InRange(q, 1, 50));
        Assert.True(store.Queries.Count < 400, $"{store.Queries.Count} queries for 400 reads");
        Assert.Equal(1, store.MostAtOnce);
    }

    private static StateAddress Address(int i) => new("svc", "action", $"zacatecas/2021/obras/{i}");

    private static byte[] Payload(int i) => [(byte)(i % 256), (byte)(i / 256), 7];

    /// <summary>The real store, watched: the reads per query in order, the most queries at once; a query can be held
    /// until released, or failed.</summary>
    private sealed class WatchedReads(IGrainStateStore inner, TimeSpan pause = default) : IGrainStateStore
    {
        private readonly Lock _lock = new();
        private readonly List<int> _queries = [];
        private TaskCompletionSource? _hold;
        private Exception? _failure;
        private int _atOnce;

        public List<int> Queries { get { lock (_lock) return [.. _queries]; } }

        public int MostAtOnce { get; private set; }

        public TaskCompletionSource HoldNextQuery()
        {
            var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
                _hold = hold;
            return hold;
        }

        /// <summary>The query after the one running now (or the next, when none runs) throws.</summary>
        public void FailNextQuery(Exception error)
        {
            lock (_lock)
                _failure = error;
        }

        public Task<StoredState?> ReadAsync(StateAddress address, CancellationToken ct = default) =>
            WatchAsync(1, () => inner.ReadAsync(address, ct));

        public Task<IReadOnlyDictionary<StateAddress, StoredState>> ReadManyAsync(IReadOnlyCollection<StateAddress> addresses, CancellationToken ct = default) =>
            WatchAsync(addresses.Count, () => inner.ReadManyAsync(addresses, ct));

        public Task<int?[]> CommitAsync(IReadOnlyList<StateWrite> writes, CancellationToken ct = default) => inner.CommitAsync(writes, ct);

        private async Task<T> WatchAsync<T>(int reads, Func<Task<T>> query)
        {
            TaskCompletionSource? hold;
            Exception? failure = null;
            lock (_lock)
            {
                _queries.Add(reads);
                (hold, _hold) = (_hold, null);
                if (hold is null)
                    (failure, _failure) = (_failure, null);
                MostAtOnce = Math.Max(MostAtOnce, ++_atOnce);
            }
            try
            {
                if (hold is not null)
                    await hold.Task;
                if (pause > TimeSpan.Zero)
                    await Task.Delay(pause);
                if (failure is not null)
                    throw failure;
                return await query();
            }
            finally
            {
                lock (_lock)
                    _atOnce--;
            }
        }
    }
}
