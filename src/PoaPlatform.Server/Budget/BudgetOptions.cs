using System.Text.RegularExpressions;
using PoaPlatform.Domain.Rules;

namespace PoaPlatform.Server.Budget;

/// <summary>The deployment's catalogue of funding sources (section <c>Budget</c>): the keys an activity's
/// <c>fundingSource</c> may take, with the name pages show. Without a catalogue configured, the sources every Mexican
/// municipality has: own revenue, federal participations, the FISM-DF and FORTAMUN-DF contributions, agreements,
/// others.</summary>
public sealed partial class BudgetOptions
{
    public const string Section = "Budget";

    public static readonly IReadOnlyList<FundingSource> DefaultSources =
    [
        new("recursos-propios", "Recursos propios"),
        new("participaciones", "Participaciones federales (Ramo 28)"),
        new("fism-df", "Aportaciones FISM-DF (Ramo 33)"),
        new("fortamun-df", "Aportaciones FORTAMUN-DF (Ramo 33)"),
        new("convenios", "Convenios"),
        new("otros", "Otros"),
    ];

    /// <summary>Replaces the default catalogue when given (<c>Budget:FundingSources:0:Key</c>, <c>...:Name</c>).</summary>
    public List<FundingSource> FundingSources { get; set; } = [];

    public IReadOnlyList<FundingSource> Catalogue => FundingSources.Count > 0 ? FundingSources : DefaultSources;

    /// <summary>The source a key or a name names (without regard to case), or null.</summary>
    public FundingSource? Find(string text) =>
        Catalogue.FirstOrDefault(s => string.Equals(s.Key, text.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? Catalogue.FirstOrDefault(s => string.Equals(s.Name, text.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The name of a key; the key itself for one the catalogue lacks (stored before the catalogue changed).</summary>
    public string NameOf(string key) =>
        key == Abstractions.Actions.ActionSummary.NoSource ? "Sin fuente de financiamiento" : Find(key)?.Name ?? key;

    /// <summary>Keys are lower-case slugs of at most <see cref="PoaRules.MaxFundingSourceLength"/> characters, once each.</summary>
    public string? Problem()
    {
        foreach (var (source, i) in FundingSources.Select((s, i) => (s, i)))
        {
            if (source.Key is not { Length: > 0 } key || key.Length > PoaRules.MaxFundingSourceLength || !KeyPattern().IsMatch(key))
                return $"Budget:FundingSources:{i}:Key={source.Key}: allowed a lower-case slug (a-z, 0-9, '-') of 1 to {PoaRules.MaxFundingSourceLength} characters.";
            if (string.IsNullOrWhiteSpace(source.Name))
                return $"Budget:FundingSources:{i}:Name is empty: give the name pages show.";
            if (FundingSources.Take(i).Any(s => s.Key == key))
                return $"Budget:FundingSources:{i}:Key={key}: the key is already in the catalogue.";
        }
        return null;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KeyPattern();
}

/// <summary>A funding source of the catalogue: its key (stored with each activity) and its name.</summary>
public sealed record FundingSource
{
    public FundingSource() { }

    public FundingSource(string key, string name) => (Key, Name) = (key, name);

    public string Key { get; set; } = "";

    public string Name { get; set; } = "";
}
