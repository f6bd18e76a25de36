using System.Collections.Concurrent;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Audit;
using PoaPlatform.Grains;
using PoaPlatform.Grains.Audit;
using PoaPlatform.Persistence;

namespace PoaPlatform.Server.Hosting;

/// <summary>Hosts the Orleans silo next to the web server.</summary>
/// <remarks>Placeholder until the lead engineer's version lands on main: an in-memory silo on localhost clustering,
/// with ports from <c>Silo:SiloPort</c> and <c>Silo:GatewayPort</c> so that several hosts can run in one test process.</remarks>
public static class SiloExtensions
{
    public static IHostApplicationBuilder AddPoaSilo(this IHostApplicationBuilder builder)
    {
        var siloPort = builder.Configuration.GetValue("Silo:SiloPort", 11111);
        var gatewayPort = builder.Configuration.GetValue("Silo:GatewayPort", 30000);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MemoryAudit>();
        builder.Services.AddSingleton<IAuditSink>(services => services.GetRequiredService<MemoryAudit>());
        builder.Services.AddSingleton<IAuditStore>(services => services.GetRequiredService<MemoryAudit>());
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort);
            silo.AddMemoryGrainStorage(PoaStorage.Provider);
        });
        return builder;
    }

    private sealed class MemoryAudit : IAuditSink, IAuditStore
    {
        private readonly ConcurrentDictionary<(string, long, int), AuditRecord> _records = new();

        public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default) =>
            AppendAsync(entries.Select(e =>
            {
                var department = PoaKeys.Parent(e.ActionKey);
                return new AuditRecord(e.ActionKey, department, PoaKeys.Parent(department), e.Version, e.Sequence, e.AtUtc,
                    e.User, e.UserDepartment, e.Command, e.Field, e.OldValue, e.NewValue);
            }).ToList(), cancellationToken);

        public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken ct = default)
        {
            foreach (var record in records)
                _records.TryAdd((record.ActionKey, record.Version, record.Sequence), record);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditQuery query, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<AuditRecord>>(_records.Values
                .Where(r => (query.ActionKey is null || r.ActionKey == query.ActionKey) &&
                    (query.DepartmentKey is null || r.DepartmentKey == query.DepartmentKey) &&
                    (query.PoaKey is null || r.PoaKey == query.PoaKey))
                .OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Version).ThenByDescending(r => r.Sequence)
                .Take(query.Limit).ToList());
    }
}
