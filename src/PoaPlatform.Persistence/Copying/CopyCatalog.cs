namespace PoaPlatform.Persistence.Copying;

/// <summary>What <c>poa db copy</c> does with every table our migrations create: copies it, or leaves it out for a reason.</summary>
public static class CopyCatalog
{
    /// <summary>The tables copied, parents before the tables that reference them (users before their tokens).</summary>
    public static IReadOnlyList<string> CopiedTables { get; } =
    [
        "orleans_storage",
        "poa_municipalities",
        "poa_years",
        "poa_users",
        "poa_api_tokens",
        "poa_account_events",
        "poa_dataprotection_keys",
        "poa_comments",
        "poa_evidence",
        "poa_evidence_content",
        "poa_evidence_events",
        "poa_audit",
    ];

    /// <summary>The tables deliberately not copied, with the reason (table names in lower case, as both databases list them).</summary>
    public static IReadOnlyDictionary<string, string> ExcludedTables { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["schema_migrations"] = "the migration journal: the target's own migrator writes it",
        ["orleansquery"] = "the Orleans ADO.NET queries: SQL of the target's provider, written by its migrations",
        ["orleans_membership"] = "the silos of the source's cluster: the target's silos register themselves",
        ["orleans_membership_version"] = "the source cluster's membership version: written by the target's silos",
    };

    /// <summary>Tables a database holds that are neither copied nor excluded: a migration added a table this copy does not know.</summary>
    public static IReadOnlyList<string> Unlisted(IEnumerable<string> tables) =>
        tables.Where(t => !CopiedTables.Contains(t, StringComparer.Ordinal) && !ExcludedTables.ContainsKey(t)).Order(StringComparer.Ordinal).ToList();
}
