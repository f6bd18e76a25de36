namespace PoaPlatform.Grains.Departments;

/// <summary>What a department stores: its name, its membership and its document's findings. The roll-up is derived
/// from the action grains and rebuilt on activation, so it is never written.</summary>
[GenerateSerializer, Alias("poa.DepartmentState")]
public sealed class DepartmentState : IAuditedState
{
    [Id(0)] public string Name { get; set; } = "";

    [Id(1)] public HashSet<string> ActionKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Findings that belong to the document rather than one action (summary sheet, duplicates).</summary>
    [Id(2)] public List<Finding> DocumentFindings { get; set; } = [];

    /// <summary>Where the department's POA stands in the year (null: never moved from CAPTURA).</summary>
    [Id(3)] public DepartmentCycle? Cycle { get; set; }

    /// <summary>Audit entries of the cycle's transitions, stored with the state and then copied to the audit table.</summary>
    [Id(4)] public List<AuditEntry> Outbox { get; set; } = [];
}

/// <summary>The summaries a department last held of its actions (each with its version), so that a cold department
/// answers without activating its actions. A cache of derived data, written lazily and validated after activation
/// against the actions (docs/decisions/0017); the membership in <see cref="DepartmentState"/> stays the truth.</summary>
[GenerateSerializer, Alias("poa.DepartmentRollUp")]
public sealed class DepartmentRollUp
{
    [Id(0)] public List<ActionSummary> Actions { get; set; } = [];

    [Id(1)] public DateTimeOffset WrittenAt { get; set; }
}
