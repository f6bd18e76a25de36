using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using PoaPlatform.Grains.Hosting;
using PoaPlatform.Grains.Storage;
using PoaPlatform.Persistence;
using PoaPlatform.Testing;

namespace PoaPlatform.Grains.Tests.Infrastructure;

/// <summary>A real in-process silo on a real, freshly migrated database. Restarting it keeps the database.</summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    private const string ProviderKey = "Test:StorageProvider";
    private const string ConnectionKey = "Test:ConnectionString";

    private TestCluster? _cluster;

    public IGrainFactory Grains => _cluster!.Client;

    public StorageTarget Target { get; private set; } = null!;

    public IAuditStore Audit { get; private set; } = null!;

    protected abstract Task<StorageTarget> CreateTargetAsync();

    public async Task InitializeAsync()
    {
        Target = await CreateTargetAsync();
        await Migrator.MigrateAsync(Target);
        Audit = AuditStores.Create(Target);
        _cluster = await StartAsync();
    }

    /// <summary>Stops every silo and starts a new cluster on the same database and service id: a cold start.</summary>
    public async Task RestartAsync(Func<Task>? whileStopped = null)
    {
        await _cluster!.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        if (whileStopped is not null)
            await whileStopped();
        _cluster = await StartAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    private async Task<TestCluster> StartAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = "poa-grain-tests";
        builder.Properties[ProviderKey] = Target.Provider.ToString();
        builder.Properties[ConnectionKey] = Target.ConnectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var target = new StorageTarget(Enum.Parse<StorageProvider>(siloBuilder.Configuration[ProviderKey]!), siloBuilder.Configuration[ConnectionKey]!);
            // The real ADO.NET storage behind a switch that lets a test make writes fail.
            siloBuilder.AddPoaGrainStorage(target, providerName: "poa-real");
            siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(PoaStorage.Provider,
                (services, _) => new FaultInjectingGrainStorage((PoaGrainStorage)services.GetRequiredKeyedService<IGrainStorage>("poa-real")));
            siloBuilder.AddIncomingGrainCallFilter<FaultInjectingGrainCalls>();
            siloBuilder.AddOutgoingGrainCallFilter<HeldSummaryReads>();
        }
    }
}

public sealed class SqliteClusterFixture : ClusterFixture
{
    private readonly TemporaryDirectory _directory = new("poa-grains-");

    protected override Task<StorageTarget> CreateTargetAsync() => Task.FromResult(StorageTarget.Sqlite(_directory.File("poa.db")));

    /// <summary>Stops the silo, then deletes its database.</summary>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

public sealed class PostgresClusterFixture : ClusterFixture
{
    protected override async Task<StorageTarget> CreateTargetAsync() =>
        StorageTarget.PostgreSql(await PostgresServer.Shared.CreateDatabaseAsync("grains"));
}

[CollectionDefinition(Name)]
public sealed class SqliteCluster : ICollectionFixture<SqliteClusterFixture>
{
    public const string Name = "SQLite cluster";
}

[CollectionDefinition(Name)]
public sealed class PostgresCluster : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "PostgreSQL cluster";
}
