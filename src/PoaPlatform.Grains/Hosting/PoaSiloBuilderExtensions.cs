using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PoaPlatform.Grains.Audit;
using Orleans.Serialization;
using Orleans.Storage;
using PoaPlatform.Persistence;

namespace PoaPlatform.Grains.Hosting;

public static class PoaSiloBuilderExtensions
{
    /// <summary>Durable state of every POA grain and the audit table, both in <paramref name="target"/>, through the
    /// Orleans ADO.NET provider. Stored state is written by the Orleans serializer, so rows name types by their
    /// <c>[Alias]</c> and survive renames of C# types.</summary>
    public static ISiloBuilder AddPoaGrainStorage(this ISiloBuilder silo, StorageTarget target, string providerName = PoaStorage.Provider)
    {
        silo.AddAdoNetGrainStorage(providerName, options => options.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = target.AdoInvariant;
            o.ConnectionString = target.ConnectionString;
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        silo.Services.TryAddSingleton(AuditStores.Create(target));
        silo.Services.TryAddSingleton<IAuditSink, AuditStoreSink>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton(PoaPlatform.Domain.Consolidation.TrafficLightThresholds.Default);
        return silo;
    }
}
