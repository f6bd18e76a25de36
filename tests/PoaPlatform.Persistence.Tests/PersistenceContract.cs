using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace PoaPlatform.Persistence.Tests;

/// <summary>
/// The persistence contract, run against each backend by a subclass: migrations, the Orleans ADO.NET clustering and
/// grain storage providers on the migrated schema, and the audit store.
/// </summary>
public abstract class PersistenceContract
{
    public const string StorageName = "test";

    private static readonly string[] ExpectedMigrations = ["0001_orleans_clustering", "0002_orleans_persistence", "0003_audit", "0004_identity", "0005_comments", "0006_evidence", "0007_state_storage", "0008_state_fillfactor", "0009_state_apart"];

    private static readonly string[] ExpectedQueryKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
    ];

    /// <summary>A fresh, empty database of the backend under test.</summary>
    protected abstract Task<StorageTarget> CreateTargetAsync(string name);

    protected async Task<StorageTarget> CreateMigratedAsync(string name)
    {
        var target = await CreateTargetAsync(name);
        await Migrator.MigrateAsync(target);
        return target;
    }

    [Fact]
    public async Task Migrations_apply_once_and_reapplying_is_a_noop()
    {
        var target = await CreateTargetAsync("migrate");
        var progress = new List<string>();

        var first = await Migrator.MigrateAsync(target, progress.Add);
        var second = await Migrator.MigrateAsync(target);

        Assert.Equal(ExpectedMigrations, first);
        Assert.Empty(second);
        Assert.Equal(ExpectedMigrations.Length, progress.Count);
        Assert.Equal(ExpectedMigrations, await Migrator.GetAppliedAsync(target));
    }

    [Fact]
    public async Task Migrations_register_every_query_key_the_providers_read()
    {
        var target = await CreateMigratedAsync("querykeys");
        await using var connection = await target.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        // The exact statement the providers run at start-up.
        command.CommandText = "SELECT QueryKey, QueryText FROM OrleansQuery";
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(reader.GetOrdinal("QueryKey")));
            }
        }

        Assert.Equal(ExpectedQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Grain_state_survives_a_silo_restart_and_clear_works()
    {
        var target = await CreateMigratedAsync("orleans");
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];

        var silo = await TestSilo.StartAsync(target, clusterId);
        try
        {
            var grain = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("poa-1");
            Assert.False(await grain.RecordExists());
            Assert.Equal(5, await grain.Add(5, "first"));
            Assert.Equal(7, await grain.Add(2, "second"));
            Assert.Equal(1, await CountAsync(target, $"SELECT COUNT(*) FROM orleans_membership WHERE deployment_id = '{clusterId}' AND status = 3"));
        }
        finally
        {
            await TestSilo.StopAsync(silo);
        }

        // A new silo (new ports, new generation) joins through the membership table and reads the state back.
        silo = await TestSilo.StartAsync(target, clusterId);
        try
        {
            var grain = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("poa-1");
            var state = await grain.Get();
            Assert.Equal(7, state.Value);
            Assert.Equal("second", state.Note);
            Assert.True(await grain.RecordExists());

            await grain.Clear();
            Assert.False(await grain.RecordExists());
            Assert.Equal(0, (await grain.Get()).Value);
            Assert.Equal(1, await grain.Add(1, "after clear"));

            Assert.Equal(2, await CountAsync(target, $"SELECT COUNT(*) FROM orleans_membership WHERE deployment_id = '{clusterId}'"));
        }
        finally
        {
            await TestSilo.StopAsync(silo);
        }

        Assert.Equal(1, await CountAsync(target, "SELECT COUNT(*) FROM orleans_storage"));
    }

    [Fact]
    public async Task Reading_many_states_at_once_answers_each_as_its_own_read_does()
    {
        var target = await CreateMigratedAsync("read_many");
        var store = GrainStateStores.Create(target);
        var addresses = Enumerable.Range(0, 40)
            .Select(i => new StateAddress("svc", i % 4 == 0 ? "department" : "action", $"zacatecas/2021/obras/{i}")).ToList();
        // A third written, a third written and cleared (a row without a payload, at version 2), a third never written;
        // the same key under another service.
        for (var i = 0; i < addresses.Count; i++)
        {
            if (i % 3 == 2)
                continue;
            var written = await store.CommitAsync([new StateWrite(addresses[i], [1, 2, (byte)i], null, [])]);
            if (i % 3 == 1)
                await store.CommitAsync([new StateWrite(addresses[i], null, written[0], [])]);
        }
        await store.CommitAsync([new StateWrite(addresses[2] with { ServiceId = "other" }, [9], null, [])]);

        var many = await store.ReadManyAsync([.. addresses, addresses[0]]);

        Assert.Equal(27, many.Count);
        foreach (var address in addresses)
        {
            var one = await store.ReadAsync(address);
            Assert.Equal(one, many.GetValueOrDefault(address), StoredStateComparer.Instance);
        }
        Assert.Null(many[addresses[1]].Payload);
        Assert.Equal(2, many[addresses[1]].Version);
        Assert.Equal([1, 2, 3], many[addresses[3]].Payload);
        Assert.Empty(await store.ReadManyAsync([]));
    }

    [Fact]
    public async Task A_batch_lands_each_write_that_meets_its_version_with_its_audit_and_nothing_of_the_others()
    {
        var target = await CreateMigratedAsync("commit_batch");
        var store = GrainStateStores.Create(target);
        var t0 = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
        StateAddress Address(int i, string service = "svc") => new(service, i % 2 == 0 ? "action" : "department", $"zacatecas/2026/obras/{i}");
        AuditRecord Audit(int i, long version, int seq = 0) =>
            new($"zacatecas/2026/obras/{i}", "zacatecas/2026/obras", "zacatecas/2026", version, seq, t0.AddSeconds(i), "ana", "obras", "ReportProgress", $"field{seq}", null, $"{i}");
        // Rows 0..5 exist at version 1 (row 5 cleared since: a row without a payload at version 2).
        for (var i = 0; i < 6; i++)
            await store.CommitAsync([new StateWrite(Address(i), [(byte)i], null, [])]);
        await store.CommitAsync([new StateWrite(Address(5), null, 1, [])]);

        var writes = new StateWrite[]
        {
            new(Address(0), [10], 1, [Audit(0, 2), Audit(0, 2, 1)]),       // the expected version: lands at 2
            new(Address(1), [11], 7, [Audit(1, 8)]),                       // another version stored: conflict
            new(Address(2), [12], null, [Audit(2, 1)]),                    // expected no row, a row exists: conflict
            new(Address(6), [16], null, [Audit(6, 1)]),                    // a new row: version 1
            new(Address(7), [17], 3, [Audit(7, 4)]),                       // expected a row that is not there: conflict
            new(Address(3), null, 1, [Audit(3, 2)]),                       // clears: version 2, no payload
            new(Address(5), [15], 2, []),                                  // the cleared row written again: version 3
            new(Address(0, "other"), [20], null, [Audit(20, 1)]),          // the same key under another service: new
            new(Address(6), [26], 1, [Audit(6, 2)]),                       // the same address again: sees the write above
            new(Address(1), [21], 1, [Audit(1, 2)]),                       // the same address again, now at its version
        };

        var versions = await store.CommitAsync(writes);

        Assert.Equal([2, null, null, 1, null, 2, 3, 1, 2, 2], versions);
        Assert.Equal(new StoredState([10], 2), await store.ReadAsync(Address(0)), StoredStateComparer.Instance);
        Assert.Equal(new StoredState([21], 2), await store.ReadAsync(Address(1)), StoredStateComparer.Instance);
        Assert.Equal(new StoredState([2], 1), await store.ReadAsync(Address(2)), StoredStateComparer.Instance);
        Assert.Equal(new StoredState(null, 2), await store.ReadAsync(Address(3)), StoredStateComparer.Instance);
        Assert.Equal(new StoredState([15], 3), await store.ReadAsync(Address(5)), StoredStateComparer.Instance);
        Assert.Equal(new StoredState([26], 2), await store.ReadAsync(Address(6)), StoredStateComparer.Instance);
        Assert.Null(await store.ReadAsync(Address(7)));
        Assert.Equal(new StoredState([20], 1), await store.ReadAsync(Address(0, "other")), StoredStateComparer.Instance);

        var audit = await AuditStores.Create(target).ReadAsync(new AuditQuery(PoaKey: "zacatecas/2026", Limit: 100));
        Assert.Equal(
            ["0/2/0", "0/2/1", "1/2/0", "20/1/0", "3/2/0", "6/1/0", "6/2/0"],
            audit.Select(r => $"{r.ActionKey[(r.ActionKey.LastIndexOf('/') + 1)..]}/{r.Version}/{r.Sequence}").Order(StringComparer.Ordinal));
        Assert.Empty(await store.CommitAsync([]));
    }

    [Fact]
    public async Task A_batch_that_fails_midway_stores_nothing_and_the_next_batch_lands()
    {
        var target = await CreateMigratedAsync("commit_failure");
        var store = GrainStateStores.Create(target);
        var at = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
        StateAddress Address(int i) => new("svc", "action", $"zacatecas/2026/obras/{i}");
        AuditRecord Audit(int i, long version, string user) =>
            new($"zacatecas/2026/obras/{i}", "zacatecas/2026/obras", "zacatecas/2026", version, 0, at, user, "obras", "ReportProgress", "field", null, "x");
        var first = await store.CommitAsync([new StateWrite(Address(1), [1], null, [Audit(1, 1, "ana")])]);

        // The second write's audit entry has no user: the database refuses it after the first write of the batch ran.
        await Assert.ThrowsAnyAsync<Exception>(() => store.CommitAsync(
        [
            new StateWrite(Address(1), [2], first[0], [Audit(1, 2, "ana")]),
            new StateWrite(Address(2), [3], null, [Audit(2, 1, null!)]),
        ]));

        Assert.Equal(new StoredState([1], 1), await store.ReadAsync(Address(1)), StoredStateComparer.Instance);
        Assert.Null(await store.ReadAsync(Address(2)));
        Assert.Equal([2, 1], await store.CommitAsync(
        [
            new StateWrite(Address(1), [2], first[0], [Audit(1, 2, "ana")]),
            new StateWrite(Address(2), [3], null, [Audit(2, 1, "luis")]),
        ]));
        var audit = await AuditStores.Create(target).ReadAsync(new AuditQuery(PoaKey: "zacatecas/2026", Limit: 100));
        Assert.Equal(["ana", "ana", "luis"], audit.Select(r => r.User).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_part_stored_apart_is_kept_by_a_write_without_one_replaced_by_a_write_with_one_and_cleared_with_the_payload()
    {
        var target = await CreateMigratedAsync("commit_apart");
        var store = GrainStateStores.Create(target);
        StateAddress Address(int i) => new("svc", "action", $"zacatecas/2026/obras/{i}");
        var first = await store.CommitAsync([new StateWrite(Address(1), [1], null, [], [7, 7]), new StateWrite(Address(2), [2], null, [], null)]);
        Assert.Equal([1, 1], first);
        Assert.Equal(new StoredState([1], 1, [7, 7]), await store.ReadAsync(Address(1)), StoredStateComparer.Instance);
        Assert.Equal(new StoredState([2], 1), await store.ReadAsync(Address(2)), StoredStateComparer.Instance);

        // Kept by a write without one (twice in one batch too), replaced by one with one, kept by a write that conflicts.
        Assert.Equal([2, 2, 3], await store.CommitAsync(
        [
            new StateWrite(Address(1), [11], 1, []),
            new StateWrite(Address(2), [12], 1, [], [8]),
            new StateWrite(Address(1), [21], 2, []),
        ]));
        Assert.Equal(new StoredState([21], 3, [7, 7]), await store.ReadAsync(Address(1)), StoredStateComparer.Instance);
        Assert.Equal(new StoredState([12], 2, [8]), await store.ReadAsync(Address(2)), StoredStateComparer.Instance);
        Assert.Equal([null, 4], await store.CommitAsync([new StateWrite(Address(2), [13], 1, [], [9]), new StateWrite(Address(1), [31], 3, [], [5])]));
        Assert.Equal(new StoredState([12], 2, [8]), await store.ReadAsync(Address(2)), StoredStateComparer.Instance);
        Assert.Equal(new StoredState([31], 4, [5]), await store.ReadAsync(Address(1)), StoredStateComparer.Instance);

        // A clear clears it, whatever the write carries; the next write without one has none.
        Assert.Equal([5, 3], await store.CommitAsync([new StateWrite(Address(1), null, 4, [], [6]), new StateWrite(Address(2), null, 2, [])]));
        Assert.Equal([6], await store.CommitAsync([new StateWrite(Address(1), [41], 5, [])]));
        var many = await store.ReadManyAsync([Address(1), Address(2)]);
        Assert.Equal(new StoredState([41], 6), many[Address(1)], StoredStateComparer.Instance);
        Assert.Equal(new StoredState(null, 3), many[Address(2)], StoredStateComparer.Instance);
    }

    /// <summary>Stored states by value (a record compares its payload array by reference).</summary>
    private sealed class StoredStateComparer : IEqualityComparer<StoredState?>
    {
        public static readonly StoredStateComparer Instance = new();

        public bool Equals(StoredState? x, StoredState? y) =>
            x is null || y is null ? x is null && y is null : x.Version == y.Version && Same(x.Payload, y.Payload) && Same(x.Apart, y.Apart);

        private static bool Same(byte[]? x, byte[]? y) => (x ?? []).SequenceEqual(y ?? []) && (x is null) == (y is null);

        public int GetHashCode(StoredState? obj) => obj?.Version ?? 0;
    }

    [Fact]
    public async Task Concurrent_writers_get_an_etag_conflict_and_clear_checks_the_etag()
    {
        var target = await CreateMigratedAsync("etag");
        var silo = await TestSilo.StartAsync(target, "c-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var storage = TestSilo.GetStorage(silo);
            var grainId = GrainId.Create("counter", "etag-" + Guid.NewGuid().ToString("N"));

            // Two writers read the same (absent) state...
            var a = new GrainState<CounterState>(new CounterState());
            var b = new GrainState<CounterState>(new CounterState());
            await storage.ReadStateAsync("counter", grainId, a);
            await storage.ReadStateAsync("counter", grainId, b);
            Assert.Null(a.ETag);

            // ...the first write wins, the second is reported as inconsistent.
            a.State!.Value = 1;
            await storage.WriteStateAsync("counter", grainId, a);
            Assert.NotNull(a.ETag);
            b.State!.Value = 2;
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", grainId, b));

            // Same with an existing row: two readers of version N, one update wins.
            var c = new GrainState<CounterState>(new CounterState());
            var d = new GrainState<CounterState>(new CounterState());
            await storage.ReadStateAsync("counter", grainId, c);
            await storage.ReadStateAsync("counter", grainId, d);
            Assert.Equal(1, c.State!.Value);
            c.State!.Value = 3;
            await storage.WriteStateAsync("counter", grainId, c);
            d.State!.Value = 4;
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", grainId, d));

            // Clear with a stale etag fails; with the current one it succeeds and a read sees no record.
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", grainId, d));
            await storage.ClearStateAsync("counter", grainId, c);
            var e = new GrainState<CounterState>(new CounterState());
            await storage.ReadStateAsync("counter", grainId, e);
            Assert.False(e.RecordExists);
            Assert.Equal(0, e.State!.Value);
            Assert.Equal(c.ETag, e.ETag);
        }
        finally
        {
            await TestSilo.StopAsync(silo);
        }
    }

    [Fact]
    public async Task Audit_append_is_idempotent_and_reads_newest_first()
    {
        var target = await CreateMigratedAsync("audit");
        var store = AuditStores.Create(target);
        var t0 = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var records = new List<AuditRecord>();
        for (var v = 1; v <= 5; v++)
        {
            for (var seq = 0; seq < 2; seq++)
            {
                records.Add(new AuditRecord("act-1", "dep-a", "poa-2025", v, seq, t0.AddMinutes(v), "ana", "dep-a", "EditActivity",
                    "field" + seq, v == 1 ? null : $"old{v}", $"new{v}"));
            }
        }

        records.Add(new AuditRecord("act-2", "dep-a", "poa-2025", 1, 0, t0.AddMinutes(10), "luis", "dep-a", "EditBudget", "amount", "1", "2"));
        records.Add(new AuditRecord("act-3", "dep-b", "poa-2025", 1, 0, t0.AddMinutes(20), "eva", "dep-b", "EditBudget", "amount", null, null));

        await store.AppendAsync(records);
        await store.AppendAsync(records);
        await store.AppendAsync(records.Take(3).ToList());
        await store.AppendAsync([]);

        Assert.Equal(records.Count, await CountAsync(target, "SELECT COUNT(*) FROM poa_audit"));

        var act1 = await store.ReadAsync(new AuditQuery(ActionKey: "act-1"));
        Assert.Equal(10, act1.Count);
        Assert.Equal(records.Where(r => r.ActionKey == "act-1").OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Version).ThenByDescending(r => r.Sequence), act1);
        Assert.Equal((5L, 1), (act1[0].Version, act1[0].Sequence));
        Assert.Equal(t0.AddMinutes(5), act1[0].AtUtc);
        Assert.Null(act1[^1].OldValue);

        var depA = await store.ReadAsync(new AuditQuery(DepartmentKey: "dep-a", Limit: 3));
        Assert.Equal(3, depA.Count);
        Assert.Equal("act-2", depA[0].ActionKey);
        Assert.Equal(("act-1", 5L, 1), (depA[1].ActionKey, depA[1].Version, depA[1].Sequence));

        var all = await store.ReadAsync(new AuditQuery(PoaKey: "poa-2025"));
        Assert.Equal(records.Count, all.Count);
        Assert.Equal("act-3", all[0].ActionKey);
        Assert.Null(all[0].NewValue);

        Assert.Empty(await store.ReadAsync(new AuditQuery(ActionKey: "act-1", DepartmentKey: "dep-b")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadAsync(new AuditQuery(Limit: 0)));
    }

    [Fact]
    public async Task Municipalities_and_their_years_are_added_once_and_listed_in_order()
    {
        var store = new PoaPlatform.Persistence.Accounts.MunicipalityStore(await CreateMigratedAsync("municipalities"));
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        Assert.True(await store.AddAsync("zacatecas", "Zacatecas", "Zacatecas", "32056", at));
        Assert.False(await store.AddAsync("zacatecas", "Otra", "Otro", "00000", at));
        Assert.True(await store.AddAsync("guadalupe", "Guadalupe", "Zacatecas", "32017", at));
        Assert.True(await store.OpenYearAsync("zacatecas", 2022, "ana", at));
        Assert.True(await store.OpenYearAsync("zacatecas", 2021, "ana", at));
        Assert.False(await store.OpenYearAsync("zacatecas", 2021, "luis", at));

        var all = await store.ListAsync();
        Assert.Equal(["guadalupe", "zacatecas"], all.Select(m => m.Slug));
        Assert.Equal(("Zacatecas", "32056"), (all[1].Name, all[1].InegiCode));
        Assert.Equal([2021, 2022], all[1].Years);
        Assert.Empty(all[0].Years);
    }

    [Fact]
    public async Task Accounts_tokens_events_and_keys_round_trip_with_their_times_and_flags()
    {
        var target = await CreateMigratedAsync("accounts");
        var users = new PoaPlatform.Persistence.Accounts.UserStore(target);
        var tokens = new PoaPlatform.Persistence.Accounts.ApiTokenStore(target);
        var at = new DateTimeOffset(2026, 5, 6, 7, 8, 9, 123, TimeSpan.Zero);
        const string U1 = "0123456789abcdef0123456789abcdef", U2 = "fedcba9876543210fedcba9876543210", T1 = "00112233445566778899aabbccddeeff";
        var ana = new PoaPlatform.Persistence.Accounts.UserAccount(U1, "Ana@Zacatecas.gob.mx", "Ana", "zacatecas", "tesoreria", "editor", true, "hash", 2,
            at.AddMinutes(15), true, "stamp", null, at, at);

        Assert.True(await users.AddAsync(ana));
        Assert.False(await users.AddAsync(ana with { Id = U2 }));
        Assert.Equal(ana with { Email = "ana@zacatecas.gob.mx" }, await users.FindByIdAsync(U1));
        Assert.Null(await users.FindByIdAsync("u1"));
        var found = await users.FindByEmailAsync("ANA@zacatecas.gob.mx");
        Assert.Equal(ana with { Email = "ana@zacatecas.gob.mx" }, found);
        await users.UpdateAsync(found! with { Active = false, LockoutEnd = null, MustChangePassword = false, ExternalSubject = "iss|sub", UpdatedAt = at.AddDays(1) });
        var updated = await users.FindByExternalSubjectAsync("iss|sub");
        Assert.Equal((false, (DateTimeOffset?)null, false, at.AddDays(1)), (updated!.Active, updated.LockoutEnd, updated.MustChangePassword, updated.UpdatedAt));
        Assert.Equal(1, await users.CountAsync());
        Assert.Single(await users.ListAsync("zacatecas"));
        Assert.Empty(await users.ListAsync("guadalupe"));

        var token = new PoaPlatform.Persistence.Accounts.ApiTokenRecord(T1, U1, "Integración", "a1b2c3d4e5f6", "hash", at, at.AddDays(90), null, null);
        await tokens.AddAsync(token);
        Assert.Equal(token, await tokens.FindByPrefixAsync("a1b2c3d4e5f6"));
        Assert.False(await tokens.RevokeAsync(T1, U2, at));
        Assert.True(await tokens.RevokeAsync(T1, U1, at.AddHours(1)));
        Assert.False(await tokens.RevokeAsync(T1, U1, at.AddHours(2)));
        Assert.Equal(at.AddHours(1), (await tokens.FindAsync(T1))!.RevokedAt);
        Assert.Null(await tokens.FindAsync("t1"));

        var events = new PoaPlatform.Persistence.Accounts.AccountEventStore(target);
        await events.AppendAsync(new(at, "zacatecas", "ana@zacatecas.gob.mx", "signIn", "10.0.0.1", ""));
        await events.AppendAsync(new(at.AddSeconds(1), "zacatecas", "ana@zacatecas.gob.mx", "signInFailed", "10.0.0.1", "wrong password (1 of 5)"));
        await events.AppendAsync(new(at, "guadalupe", "otro@guadalupe.gob.mx", "signIn", "10.0.0.2", ""));
        var zacatecas = await events.ReadAsync("zacatecas", 10);
        Assert.Equal(["signInFailed", "signIn"], zacatecas.Select(e => e.Event));
        Assert.Equal(3, (await events.ReadAsync(null, 10)).Count);

        var keys = new PoaPlatform.Persistence.Accounts.KeyRingStore(target);
        await keys.StoreAsync("key-1", "<key id=\"1\" />", at);
        await keys.StoreAsync("key-1", "<key id=\"1\" revoked=\"true\" />", at);
        Assert.Equal(["<key id=\"1\" revoked=\"true\" />"], await keys.ReadAllAsync());
    }

    protected static async Task<long> CountAsync(StorageTarget target, string sql) =>
        Convert.ToInt64(await ScalarAsync(target, sql), CultureInfo.InvariantCulture);

    protected static async Task<object?> ScalarAsync(StorageTarget target, string sql)
    {
        await using var connection = await target.OpenConnectionAsync();
        await using DbCommand command = connection.CreateCommand();
#pragma warning disable CA2100 // Test-only SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        return await command.ExecuteScalarAsync();
    }
}
