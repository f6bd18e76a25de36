using System.Net;
using Microsoft.Extensions.Options;
using PoaPlatform.Grains.Hosting;
using PoaPlatform.Persistence;

namespace PoaPlatform.Server.Hosting;

public static class SiloExtensions
{
    /// <summary>The Orleans side of the host: a co-hosted silo (default) or a client of a cluster, on the configured
    /// storage; migrations before the silo starts and the seed import after it.</summary>
    public static WebApplicationBuilder AddPoaSilo(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Poa");
        builder.Services.AddOptions<StorageOptions>().BindSettings(StorageOptions.Section).Check(o => o.ConnectionProblem(connectionString));
        builder.Services.AddOptions<ClusterOptions>().BindSettings(ClusterOptions.Section).Check(o => o.Problem());
        builder.Services.AddOptions<SeedOptions>().BindSettings(SeedOptions.Section).Check(o => o.Problem());

        // Read now to choose the storage and the clustering, with the same checks as at start.
        var storage = builder.Configuration.Read<StorageOptions>(StorageOptions.Section, o => o.ConnectionProblem(connectionString));
        var cluster = builder.Configuration.Read<ClusterOptions>(ClusterOptions.Section, o => o.Problem());
        var target = storage.ToTarget(connectionString);
        builder.Services.AddSingleton(target);
        builder.Services.AddSingleton(AuditStores.Create(target));

        // Hosted services start in registration order: migrations run before the silo, the seed after it.
        if (storage.MigrateOnStart && cluster.Role == HostRole.Silo)
            builder.Services.AddHostedService<MigrationService>();

        if (cluster.Role == HostRole.Gateway)
        {
            builder.UseOrleansClient(client =>
            {
                client.AddActivityPropagation();
                client.Configure<Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
                client.Configure<Orleans.Configuration.ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster.ServiceId, cluster.ClusterId));
                if (cluster.Mode == ClusterMode.Localhost)
                    client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
                else
                    client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (target.AdoInvariant, target.ConnectionString));
            });
            return builder;
        }

        builder.UseOrleans(silo =>
        {
            switch (cluster.Mode)
            {
                case ClusterMode.Localhost:
                    silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                    break;
                case ClusterMode.AdoNet:
                    silo.Configure<Orleans.Configuration.ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster.ServiceId, cluster.ClusterId));
                    silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                    silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (target.AdoInvariant, target.ConnectionString));
                    break;
                case ClusterMode.Kubernetes:
                    silo.UseKubernetesHosting();
                    silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (target.AdoInvariant, target.ConnectionString));
                    break;
            }
            silo.AddActivityPropagation();
            silo.Configure<Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
            silo.Configure<Orleans.Configuration.GrainCollectionOptions>(o => o.CollectionAge = cluster.IdleDeactivation);
            silo.AddPoaGrainStorage(target, storage.GroupCommit);
        });
        builder.Services.AddHostedService<SeedService>();
        return builder;
    }
}

/// <summary>Applies the schema migrations before the silo opens its storage.</summary>
internal sealed class MigrationService(StorageTarget target, ILogger<MigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await Migrator.MigrateAsync(target, message => logger.LogInformation("{Migration}", message), cancellationToken);
        logger.LogInformation("Database {Target}: {Count} migrations applied now.", target, applied.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
