using PoaPlatform.Testing;

namespace PoaPlatform.Persistence.Tests;

/// <summary>A test class's own migrated SQLite file and the grain state store on it, deleted afterwards.</summary>
public abstract class SqliteStoreTest(string name) : IAsyncLifetime
{
    private readonly TemporaryDirectory _root = new($"poa-{name}-");

    /// <summary>The real store on the test's file.</summary>
    protected IGrainStateStore Sqlite { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        var target = StorageTarget.Sqlite(_root.File("poa.db"));
        await Migrator.MigrateAsync(target);
        Sqlite = GrainStateStores.Create(target);
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }
}
