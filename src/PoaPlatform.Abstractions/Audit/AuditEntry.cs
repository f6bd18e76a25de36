namespace PoaPlatform.Abstractions.Audit;

/// <summary>One field changed by one command: who, when (UTC), what, from which value to which.</summary>
[GenerateSerializer, Immutable, Alias("poa.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] string ActionKey,
    [property: Id(1)] long Version,
    [property: Id(2)] int Sequence,
    [property: Id(3)] DateTimeOffset AtUtc,
    [property: Id(4)] string User,
    [property: Id(5)] string UserDepartment,
    [property: Id(6)] string Command,
    [property: Id(7)] string Field,
    [property: Id(8)] string? OldValue,
    [property: Id(9)] string? NewValue);
