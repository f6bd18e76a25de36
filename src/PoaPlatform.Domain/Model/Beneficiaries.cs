using System.Globalization;
using System.Text.RegularExpressions;

namespace PoaPlatform.Domain.Model;

/// <summary>Beneficiaries as the POA declares them: men and women ("1950 H / 2250 M").</summary>
[GenerateSerializer, Immutable, Alias("poa.Beneficiaries")]
public sealed partial record Beneficiaries([property: Id(0)] int Men, [property: Id(1)] int Women)
{
    public static readonly Beneficiaries None = new(0, 0);

    public long Total => (long)Men + Women;

    public override string ToString() => $"{Men} H / {Women} M";

    /// <summary>Reads "1950 H / 2250 M" (any spacing, thousands separators, case); empty text is no beneficiaries.</summary>
    public static bool TryParse(string text, out Beneficiaries beneficiaries)
    {
        beneficiaries = None;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        var match = Pattern().Match(text);
        if (!match.Success)
            return false;
        if (!int.TryParse(match.Groups["men"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var men) ||
            !int.TryParse(match.Groups["women"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var women))
            return false;
        beneficiaries = new Beneficiaries(men, women);
        return true;
    }

    [GeneratedRegex(@"^\s*(?<men>[\d,]+)\s*H\s*/\s*(?<women>[\d,]+)\s*M\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
