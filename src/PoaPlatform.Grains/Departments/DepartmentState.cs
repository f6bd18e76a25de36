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
