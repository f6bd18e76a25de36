using PoaPlatform.Testing;

namespace PoaPlatform.Persistence.Tests;

/// <summary>The contract on PostgreSQL (the shared throwaway cluster, or POA_TEST_POSTGRES).</summary>
public sealed class PostgreSqlPersistenceTests : PersistenceContract
{
    protected override async Task<StorageTarget> CreateTargetAsync(string name) =>
        StorageTarget.PostgreSql(await PostgresServer.Shared.CreateDatabaseAsync("persist_" + name));

    [Fact]
    public async Task Concurrent_migrators_apply_each_migration_exactly_once()
    {
        var target = await CreateTargetAsync("concurrent");
        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Migrator.MigrateAsync(target))));

        var applied = runs.SelectMany(r => r).ToList();
        Assert.Equal(["0001_orleans_clustering", "0002_orleans_persistence", "0003_audit", "0004_identity", "0005_comments", "0006_evidence", "0007_state_storage", "0008_state_fillfactor", "0009_state_apart"], applied.Order(StringComparer.Ordinal));
        Assert.Equal(9, await CountAsync(target, "SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task A_grain_state_and_its_audit_values_are_compressed_with_lz4_and_kept_in_their_rows()
    {
        var target = await CreateMigratedAsync("state_storage");
        var store = GrainStateStores.Create(target);
        // Like an action's state: repeated names and varied figures, compressing to more than the 2 kB above which
        // PostgreSQL's default moves a value out of its row.
        var random = new Random(2021);
        var payload = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 300).Select(i =>
            $"activities[{i % 8}].monthlyTargets[{i % 12}]={random.Next(1_000_000)};")));
        var address = new StateAddress("svc", "action", "zacatecas/2021/obras/1");

        // An audit entry as large: the creation of an action holds the whole action as text.
        var audit = new AuditRecord(address.GrainKey, "zacatecas/2021/obras", "zacatecas/2021", 1, 0, DateTimeOffset.UtcNow, "ana", "obras", "importPoa", "*",
            null, System.Text.Encoding.UTF8.GetString(payload));
        var versions = await store.CommitAsync([new StateWrite(address, payload, null, [audit])]);
        versions = await store.CommitAsync([new StateWrite(address, payload, versions[0], [])]);

        Assert.Equal(2, versions[0]);
        Assert.Equal(payload, (await store.ReadAsync(address))!.Payload);
        Assert.Equal(1, await CountAsync(target, "SELECT COUNT(*) FROM orleans_storage WHERE pg_column_compression(payload_binary) = 'lz4'"));
        var stored = await CountAsync(target, "SELECT pg_column_size(payload_binary) FROM orleans_storage");
        Assert.InRange(stored, 2100, payload.Length - 1);
        var toast = (string)(await ScalarAsync(target, "SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = 'orleans_storage'"))!;
        Assert.Equal(0, await CountAsync(target, $"SELECT COUNT(*) FROM {toast}"));
        Assert.Equal(1, await CountAsync(target, "SELECT COUNT(*) FROM poa_audit WHERE pg_column_compression(new_value) = 'lz4'"));
        var auditToast = (string)(await ScalarAsync(target, "SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = 'poa_audit'"))!;
        Assert.Equal(0, await CountAsync(target, $"SELECT COUNT(*) FROM {auditToast}"));
    }

    [Fact]
    public async Task A_part_stored_apart_that_a_write_keeps_is_not_written_again()
    {
        var target = await CreateMigratedAsync("state_apart");
        var store = GrainStateStores.Create(target);
        // An action's programming: 6 kB, incompressible here, so PostgreSQL moves it out of the row as it is.
        var random = new Random(2023);
        var part = new byte[6_000];
        random.NextBytes(part);
        var address = new StateAddress("svc", "action", "zacatecas/2021/obras/1");
        var version = (await store.CommitAsync([new StateWrite(address, [1], null, [], part)]))[0]!.Value;
        var toast = (string)(await ScalarAsync(target, "SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = 'orleans_storage'"))!;
        // The values out of the row: one per part, with its own id (the row's new versions point at it).
        async Task<string> ValuesAsync() => (string)(await ScalarAsync(target, $"SELECT string_agg(DISTINCT chunk_id::text, ',') FROM {toast}"))!;
        async Task<long> ToastBytesAsync() => await CountAsync(target, $"SELECT pg_relation_size('{toast}')");
        var stored = await ValuesAsync();
        var size = await ToastBytesAsync();

        for (var i = 0; i < 20; i++)
            version = (await store.CommitAsync([new StateWrite(address, [(byte)i, 2, 3], version, [])]))[0]!.Value;

        // Twenty writes kept the value where it was: no new one, not a byte more of it.
        Assert.Equal(stored, await ValuesAsync());
        Assert.Equal(size, await ToastBytesAsync());
        Assert.Equal(part, (await store.ReadAsync(address))!.Apart);

        // A write with a part writes a new value.
        var changed = part.Reverse().ToArray();
        await store.CommitAsync([new StateWrite(address, [9], version, [], changed)]);
        Assert.NotEqual(stored, await ValuesAsync());
        Assert.Equal(changed, (await store.ReadAsync(address))!.Apart);
    }

    [Fact]
    public async Task An_action_sized_state_is_rewritten_on_its_own_page_without_a_new_index_entry()
    {
        var target = await CreateMigratedAsync("state_fillfactor");
        var store = GrainStateStores.Create(target);
        var random = new Random(2022);
        // About 2.5 kB as stored (lz4), like an action's state: at the default fillfactor three share a page and the next
        // version of one has no room beside the old (it goes to another page, with a new primary-key entry).
        byte[] Payload() => System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 300).Select(i =>
            $"activities[{i % 8}].monthlyTargets[{i % 12}]={random.Next(1_000_000)};")));
        var addresses = Enumerable.Range(1, 6).Select(n => new StateAddress("svc", "action", $"zacatecas/2021/obras/{n}")).ToList();
        var versions = new Dictionary<StateAddress, int?>();
        foreach (var address in addresses)
            versions[address] = (await store.CommitAsync([new StateWrite(address, Payload(), null, [])]))[0];
        var pages = await PagesAsync();

        for (var round = 0; round < 3; round++)
        {
            foreach (var address in addresses)
                versions[address] = (await store.CommitAsync([new StateWrite(address, Payload(), versions[address], [])]))[0];
        }

        Assert.All(versions.Values, v => Assert.Equal(4, v));
        Assert.Equal(pages, await PagesAsync());
        Assert.Contains("fillfactor=50", (string)(await ScalarAsync(target, "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'orleans_storage'"))!, StringComparison.Ordinal);

        // The page of each row (its ctid's block): a heap-only update keeps it; another page means a new index entry.
        async Task<string> PagesAsync() => (string)(await ScalarAsync(target,
            "SELECT string_agg(grain_id_extension_string || '@' || (ctid::text::point)[0]::bigint, ',' ORDER BY grain_id_extension_string) FROM orleans_storage"))!;
    }

    [Fact]
    public void A_target_skips_the_pool_reset_unless_its_connection_string_asks_for_it()
    {
        static bool NoReset(StorageTarget target) => new Npgsql.NpgsqlConnectionStringBuilder(target.ConnectionString).NoResetOnClose;

        Assert.True(NoReset(StorageTarget.PostgreSql("Host=db;Database=poa;Username=poa")));
        Assert.False(NoReset(StorageTarget.PostgreSql("Host=db;Database=poa;Username=poa;No Reset On Close=false")));
        Assert.False(NoReset(StorageTarget.PostgreSql("Host=db;Database=poa;Username=poa;noresetonclose=False")));
    }
}

/// <summary>The contract on SQLite files in a temp directory (the directory is created by the migrator).</summary>
public sealed class SqlitePersistenceTests : PersistenceContract, IDisposable
{
    private readonly TemporaryDirectory _root = new("poa-sqlite-tests-");

    protected override Task<StorageTarget> CreateTargetAsync(string name) =>
        Task.FromResult(StorageTarget.Sqlite(Path.Combine(_root.Path, name, "nested", "poa.db")));

    [Fact]
    public async Task Database_uses_wal_journal()
    {
        var target = await CreateMigratedAsync("wal");
        await using var connection = await target.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    public void Dispose() => _root.Dispose();
}
