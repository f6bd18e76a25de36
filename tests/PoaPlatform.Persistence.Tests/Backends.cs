using Microsoft.Data.Sqlite;
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
        Assert.Equal(["0001_orleans_clustering", "0002_orleans_persistence", "0003_audit", "0004_identity", "0005_comments", "0006_evidence"], applied.Order(StringComparer.Ordinal));
        Assert.Equal(6, await CountAsync(target, "SELECT COUNT(*) FROM schema_migrations"));
    }
}

/// <summary>The contract on SQLite files in a temp directory (the directory is created by the migrator).</summary>
public sealed class SqlitePersistenceTests : PersistenceContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "poa-sqlite-tests-" + Guid.NewGuid().ToString("N")[..12]);

    protected override Task<StorageTarget> CreateTargetAsync(string name) =>
        Task.FromResult(StorageTarget.Sqlite(Path.Combine(_root, name, "nested", "poa.db")));

    [Fact]
    public async Task Database_uses_wal_journal()
    {
        var target = await CreateMigratedAsync("wal");
        await using var connection = await target.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
