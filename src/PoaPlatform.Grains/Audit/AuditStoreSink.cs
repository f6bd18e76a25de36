using PoaPlatform.Persistence;

namespace PoaPlatform.Grains.Audit;

/// <summary>Copies grain outboxes to the audit table of the configured database.</summary>
public sealed class AuditStoreSink(IAuditStore store) : IAuditSink
{
    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default) =>
        store.AppendAsync(entries.Select(ToRecord).ToArray(), cancellationToken);

    public static AuditRecord ToRecord(AuditEntry e)
    {
        // An action's key has four segments; a department's own entries (its year's cycle) carry the department's key.
        var department = e.ActionKey.Count(c => c == '/') >= 3 ? PoaKeys.Parent(e.ActionKey) : e.ActionKey;
        return new AuditRecord(e.ActionKey, department, PoaKeys.Parent(department), e.Version, e.Sequence, e.AtUtc,
            e.User, e.UserDepartment, e.Command, e.Field, e.OldValue, e.NewValue);
    }
}
