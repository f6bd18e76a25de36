using PoaPlatform.Persistence;

namespace PoaPlatform.Grains.Audit;

/// <summary>Copies grain outboxes to the audit table of the configured database.</summary>
public sealed class AuditStoreSink(IAuditStore store) : IAuditSink
{
    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default) =>
        store.AppendAsync(entries.Select(ToRecord).ToArray(), cancellationToken);

    public static AuditRecord ToRecord(AuditEntry e)
    {
        var department = PoaKeys.Parent(e.ActionKey);
        return new AuditRecord(e.ActionKey, department, PoaKeys.Parent(department), e.Version, e.Sequence, e.AtUtc,
            e.User, e.UserDepartment, e.Command, e.Field, e.OldValue, e.NewValue);
    }
}
