namespace PoaPlatform.Grains.Audit;

/// <summary>The append-only audit table the grains copy their outbox to. Appending an entry twice stores it once.</summary>
public interface IAuditSink
{
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);
}
