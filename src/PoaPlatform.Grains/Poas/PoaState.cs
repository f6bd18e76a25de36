namespace PoaPlatform.Grains.Poas;

/// <summary>What a POA stores: which departments it has. The consolidation is rebuilt from them.</summary>
/// <remarks>The alias is what stored rows name; it keeps the aggregate's older name.</remarks>
[GenerateSerializer, Alias("poa.CityState")]
public sealed class PoaState
{
    [Id(0)] public HashSet<string> DepartmentKeys { get; set; } = new(StringComparer.Ordinal);
}
