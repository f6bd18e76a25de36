namespace PoaPlatform.Domain.Model;

/// <summary>A Secretaría (or Despacho, Dirección): the office that owns a section of the POA.</summary>
[GenerateSerializer, Immutable, Alias("poa.Department")]
public sealed record Department(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<PoaAction> Actions)
{
    /// <summary>The grain-key form of the name: lower case, no accents, hyphens.</summary>
    public string Slug => Slugs.From(Name);
}
