using PoaPlatform.Persistence.Accounts;
using PoaPlatform.Persistence.Copying;
using PoaPlatform.Testing;

namespace PoaPlatform.Persistence.Tests;

/// <summary><see cref="DatabaseCopy"/> between SQLite and PostgreSQL: every table accounted for, every kind of value
/// carried across, sequences continued.</summary>
public sealed class DatabaseCopyTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private readonly TemporaryDirectory _root = new("poa-copy-tests-");

    [Fact]
    public async Task EveryTableTheSqliteMigrationsCreateIsCopiedOrDeliberatelyExcluded()
    {
        var sqlite = Sqlite("catalogue");
        await Migrator.MigrateAsync(sqlite);

        await AssertCatalogueMatchesAsync(sqlite);
    }

    [Fact]
    public async Task EveryTableThePostgreSqlMigrationsCreateIsCopiedOrDeliberatelyExcluded()
    {
        var postgres = await PostgresAsync("catalogue");
        await Migrator.MigrateAsync(postgres);

        await AssertCatalogueMatchesAsync(postgres);
    }

    [Fact]
    public async Task ATableThatIsNeitherCopiedNorExcludedStopsTheCopyAndTheCatalogueCheck()
    {
        var source = Sqlite("unknown-table");
        await Migrator.MigrateAsync(source);
        await ExecuteAsync(source, "CREATE TABLE poa_future_things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");

        var refused = await Assert.ThrowsAsync<CopyRefusedException>(() => new DatabaseCopy(source, Sqlite("unknown-target")).CopyAsync(replace: false));

        Assert.Equal(["poa_future_things"], CopyCatalog.Unlisted(await Schema.ListTablesAsync(source)));
        Assert.Contains("tables this poa does not know how to copy: poa_future_things", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryKindOfValueCrossesFromSqliteToPostgreSqlAndBackWithEqualChecksums()
    {
        var sqlite = Sqlite("kinds");
        await Migrator.MigrateAsync(sqlite);
        await FillAsync(sqlite);
        var postgres = await PostgresAsync("kinds");
        var back = Sqlite("kinds-back");

        var there = new DatabaseCopy(sqlite, postgres);
        await there.CopyAsync(replace: false);
        var thereChecks = await there.VerifyAsync();
        var home = new DatabaseCopy(postgres, back);
        await home.CopyAsync(replace: false);
        var homeChecks = await home.VerifyAsync();

        Assert.All(thereChecks.Concat(homeChecks), c => Assert.True(c.IsEqual, $"{c.Source} <> {c.Target}"));
        Assert.Equal(thereChecks.Select(c => c.Source), homeChecks.Select(c => c.Target));
        Assert.Contains(thereChecks, c => c.Source is { Table: "poa_users", Rows: 2 });
        // What the stores read back: booleans, nullable times, a time with a seventh decimal (kept to the microsecond).
        var user = (await new UserStore(back).FindByEmailAsync("ana@zacatecas.gob.mx"))!;
        Assert.Equal((false, true, At.AddTicks(1234560), (string?)null), (user.Active, user.MustChangePassword, user.LockoutEnd!.Value, user.ExternalSubject));
        var onPostgres = (await new UserStore(postgres).FindByEmailAsync("ana@zacatecas.gob.mx"))!;
        Assert.Equal(user, onPostgres);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, await ScalarAsync<byte[]>(back, "SELECT payload_binary FROM orleans_storage"));
        Assert.Equal(-42L, await ScalarAsync<long>(postgres, "SELECT grain_id_n0 FROM orleans_storage"));
    }

    [Fact]
    public async Task CommentsAndAccountEventsAddedAfterACopyToPostgreSqlTakeNewIds()
    {
        var sqlite = Sqlite("sequences");
        await Migrator.MigrateAsync(sqlite);
        await FillAsync(sqlite);
        var postgres = await PostgresAsync("sequences");
        await new DatabaseCopy(sqlite, postgres).CopyAsync(replace: false);

        var comment = await new CommentStore(postgres).AddAsync(new Comment(0, "zacatecas/2021", "zacatecas/2021/tesoreria", null, null, "ana", "editor", At, "después"));
        await new AccountEventStore(postgres).AppendAsync(new AccountEvent(At, "zacatecas", "ana@zacatecas.gob.mx", "signin", "127.0.0.1", ""));

        Assert.Equal(8, comment.Id);
        Assert.Equal(2L, await ScalarAsync<long>(postgres, "SELECT COUNT(*) FROM poa_account_events"));
    }

    [Fact]
    public async Task ATargetThatHoldsDataIsRefusedUnlessReplacedAndReplacingLeavesOnlyTheSource()
    {
        var source = Sqlite("replace-source");
        await Migrator.MigrateAsync(source);
        await FillAsync(source);
        var target = await PostgresAsync("replace");
        await Migrator.MigrateAsync(target);
        await new MunicipalityStore(target).AddAsync("guadalupe", "Guadalupe", "Zacatecas", "32017", At);

        var refused = await Assert.ThrowsAsync<CopyRefusedException>(() => new DatabaseCopy(source, target).CopyAsync(replace: false));
        var copy = new DatabaseCopy(source, target);
        await copy.CopyAsync(replace: true);

        Assert.Contains("holds data already: poa_municipalities (1 rows)", refused.Message, StringComparison.Ordinal);
        Assert.All(await copy.VerifyAsync(), c => Assert.True(c.IsEqual, $"{c.Source} <> {c.Target}"));
        Assert.Equal(["zacatecas"], (await new MunicipalityStore(target).ListAsync()).Select(m => m.Slug));
    }

    private static async Task AssertCatalogueMatchesAsync(StorageTarget database)
    {
        var tables = await Schema.ListTablesAsync(database);

        Assert.Empty(CopyCatalog.Unlisted(tables));
        Assert.Empty(CopyCatalog.CopiedTables.Concat(CopyCatalog.ExcludedTables.Keys).Except(tables, StringComparer.Ordinal));
    }

    /// <summary>A row in every copied table, with nulls, booleans, a time with seven decimals, a blob and a negative key.</summary>
    private static async Task FillAsync(StorageTarget sqlite)
    {
        await new MunicipalityStore(sqlite).AddAsync("zacatecas", "Zacatecas", "Zacatecas", "32056", At);
        await new MunicipalityStore(sqlite).OpenYearAsync("zacatecas", 2021, "test", At);
        var ana = new UserAccount(Guid.NewGuid().ToString("N"), "ana@zacatecas.gob.mx", "Ana Pérez", "zacatecas", "tesoreria", "editor", false, "hash", 3,
            At.AddTicks(1234567), true, "stamp", null, At, At);
        await new UserStore(sqlite).AddAsync(ana);
        await new UserStore(sqlite).AddAsync(ana with { Id = Guid.NewGuid().ToString("N"), Email = "root@poa.local", Municipality = "", Department = null, Role = "superadmin", Active = true, LockoutEnd = null, ExternalSubject = "sub-1" });
        await new ApiTokenStore(sqlite).AddAsync(new ApiTokenRecord(Guid.NewGuid().ToString("N"), ana.Id, "integración", "abcd1234", "h", At, At.AddDays(90), null, At.AddMinutes(5)));
        await new AccountEventStore(sqlite).AppendAsync(new AccountEvent(At, "zacatecas", ana.Email, "created", "127.0.0.1", "por poa"));
        await new KeyRingStore(sqlite).StoreAsync("key-1", "<key id=\"1\"/>", At);
        await ExecuteAsync(sqlite, "INSERT INTO poa_comments (id, poa_key, department_key, action_key, path, author, author_role, at_utc, text) " +
            "VALUES (7, 'zacatecas/2021', 'zacatecas/2021/tesoreria', 'zacatecas/2021/tesoreria/4', 'activity/3/target/5', 'ana', 'editor', '2026-03-04T05:06:07.0000000Z', '¿Y la meta de mayo?')");
        await ExecuteAsync(sqlite, "INSERT INTO poa_evidence (id, poa_key, department_key, action_key, activity_id, month, kind, content_key, file_name, content_type, " +
            "size_bytes, sha256, url, title, uploaded_by, uploaded_at, status, reviewed_by, reviewed_at, review_comment) VALUES (3, 'zacatecas/2021', " +
            "'zacatecas/2021/tesoreria', 'zacatecas/2021/tesoreria/4', 1, 5, 'file', 'abc', 'acta.pdf', 'application/pdf', 4, 'ff', NULL, NULL, 'ana', " +
            "'2026-03-04T05:06:07.0000000Z', 'validated', 'luis', '2026-03-05T05:06:07.0000000Z', 'bien')");
        await ExecuteAsync(sqlite, "INSERT INTO poa_evidence_content (content_key, content) VALUES ('abc', x'25504446')");
        await ExecuteAsync(sqlite, "INSERT INTO poa_evidence_events (id, evidence_id, poa_key, department_key, action_key, path, at_utc, user_name, command, old_value, new_value) " +
            "VALUES (9, 3, 'zacatecas/2021', 'zacatecas/2021/tesoreria', 'zacatecas/2021/tesoreria/4', 'activity/1/progress/5', '2026-03-04T05:06:07.0000000Z', 'ana', 'addEvidence', NULL, 'acta.pdf')");
        await AuditStores.Create(sqlite).AppendAsync([new AuditRecord("zacatecas/2021/tesoreria/4", "zacatecas/2021/tesoreria", "zacatecas/2021", 2, 0, At.AddTicks(7),
            "ana", "tesoreria", "reportProgress", "activity/3/progress/5", null, "12")]);
        await ExecuteAsync(sqlite, "INSERT INTO orleans_storage (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string, " +
            "grain_type_hash, grain_id_hash, payload_binary, version) VALUES ('poa-platform', 'action', -42, 7, 'zacatecas/2021/tesoreria/4', -5, 9, x'000102ff', 3)");
    }

    private StorageTarget Sqlite(string name) => StorageTarget.Sqlite(Path.Combine(_root.Path, name, "poa.db"));

    private static async Task<StorageTarget> PostgresAsync(string name) => StorageTarget.PostgreSql(await PostgresServer.Shared.CreateDatabaseAsync("copy_" + name));

    private static async Task ExecuteAsync(StorageTarget target, string sql)
    {
        await using var connection = await target.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(StorageTarget target, string sql)
    {
        await using var connection = await target.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.GetFieldValue<T>(0);
    }

    public void Dispose() => _root.Dispose();
}
