namespace PoaPlatform.Persistence.Tests;

/// <summary>A test class's own migrated SQLite file and the grain state store on it, deleted afterwards.</summary>
public abstract class SqliteStoreTest(string name) : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"poa-{name}-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The real store on the test's file.</summary>
    protected IGrainStateStore Sqlite { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        var target = StorageTarget.Sqlite(Path.Combine(_root, "poa.db"));
        await Migrator.MigrateAsync(target);
        Sqlite = GrainStateStores.Create(target);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
