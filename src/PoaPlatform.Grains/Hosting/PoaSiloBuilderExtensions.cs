using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PoaPlatform.Grains.Audit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using PoaPlatform.Grains.Storage;
using Orleans.Storage;
using PoaPlatform.Persistence;

namespace PoaPlatform.Grains.Hosting;

public static class PoaSiloBuilderExtensions
{
    /// <summary>Durable state of every POA grain and the audit table, both in <paramref name="target"/>, through
    /// <see cref="PoaGrainStorage"/>: a grain's state and its audit entries in one transaction, the writes of many grains
    /// grouped into one commit (<paramref name="groupCommit"/>). Stored state is written by the Orleans serializer, so rows
    /// name types by their <c>[Alias]</c> and survive renames of C# types.</summary>
    public static ISiloBuilder AddPoaGrainStorage(this ISiloBuilder silo, StorageTarget target, GroupCommitOptions? groupCommit = null, string providerName = PoaStorage.Provider)
    {
        silo.Services.AddGrainStorage(providerName, (services, _) => new PoaGrainStorage(
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            GrainStateStores.Create(target),
            (groupCommit ?? GroupCommitOptions.Default).For(target.Provider),
            services.GetRequiredService<Serializer>(),
            services.GetRequiredService<ILogger<PoaGrainStorage>>()));
        silo.Services.TryAddSingleton(AuditStores.Create(target));
        silo.Services.TryAddSingleton<IAuditSink, AuditStoreSink>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton(PoaPlatform.Domain.Consolidation.TrafficLightThresholds.Default);
        return silo;
    }
}
