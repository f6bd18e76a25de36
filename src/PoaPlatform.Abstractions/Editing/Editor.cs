namespace PoaPlatform.Abstractions.Editing;

/// <summary>Who issues a command: a user and the department they belong to. Recorded in the audit trail.</summary>
[GenerateSerializer, Immutable, Alias("poa.Editor")]
public sealed record Editor([property: Id(0)] string User, [property: Id(1)] string Department)
{
    public static readonly Editor System = new("system", "");
}
