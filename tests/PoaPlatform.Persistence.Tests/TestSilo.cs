using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using PoaPlatform.Testing;

namespace PoaPlatform.Persistence.Tests;

/// <summary>A real single-silo host on its own free ports, clustered and persisted through the ADO.NET providers.</summary>
internal static class TestSilo
{
    public static async Task<IHost> StartAsync(StorageTarget target, string clusterId, CancellationToken ct = default)
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var host = new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = "poa-persistence-tests";
                });
                silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = target.AdoInvariant;
                    o.ConnectionString = target.ConnectionString;
                });
                silo.AddAdoNetGrainStorage(PersistenceContract.StorageName, options => options.Configure<Serializer>((o, serializer) =>
                {
                    o.Invariant = target.AdoInvariant;
                    o.ConnectionString = target.ConnectionString;
                    // Orleans binary format: the persisted type is identified by its [Alias], not its CLR name.
                    o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                }));
            })
            .Build();
        await host.StartAsync(ct);
        return host;
    }

    public static async Task StopAsync(IHost host)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(cts.Token);
        host.Dispose();
    }

    public static IGrainStorage GetStorage(IHost host) =>
        host.Services.GetRequiredKeyedService<IGrainStorage>(PersistenceContract.StorageName);
}
