namespace PoaPlatform.Grains.Audit;

/// <summary>A grain state that carries the audit entries of its last change. A storage that commits them with the state
/// in one transaction (<see cref="Storage.PoaGrainStorage"/>) stores the state without them and empties the outbox once
/// committed; with any other storage the grain copies them to the audit table after the write.</summary>
public interface IAuditedState
{
    List<AuditEntry> Outbox { get; set; }
}
