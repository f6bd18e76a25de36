namespace PoaPlatform.Grains.Poas;

/// <summary>What a POA stores: which departments it has. The consolidation is rebuilt from them.</summary>
/// <remarks>The alias is what stored rows name; it keeps the aggregate's older name.</remarks>
[GenerateSerializer, Alias("poa.CityState")]
public sealed class PoaState
{
    [Id(0)] public HashSet<string> DepartmentKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The cut-offs and the submission deadline set by planners (null: the default calendar of the year).</summary>
    [Id(1)] public PoaCalendar? Calendar { get; set; }
}

/// <summary>The summaries a POA last held of its departments, so that a cold POA answers without activating them (a
/// cache, written lazily and validated after activation; docs/decisions/0017).</summary>
[GenerateSerializer, Alias("poa.PoaRollUp")]
public sealed class PoaRollUp
{
    [Id(0)] public List<DepartmentSummary> Departments { get; set; } = [];

    [Id(1)] public DateTimeOffset WrittenAt { get; set; }
}
