namespace PoaPlatform.Grains.Consolidation;

/// <summary>What the city stores: which departments its POA has. The consolidation is rebuilt from them.</summary>
[GenerateSerializer, Alias("poa.CityState")]
public sealed class PoaState
{
    [Id(0)] public HashSet<string> DepartmentKeys { get; set; } = new(StringComparer.Ordinal);
}
