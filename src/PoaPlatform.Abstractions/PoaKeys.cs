using System.Globalization;

namespace PoaPlatform.Abstractions;

/// <summary>Readable grain keys: municipality/year, municipality/year/department, municipality/year/department/number.</summary>
public static class PoaKeys
{
    public static string Poa(string municipality, int year) =>
        $"{Slugs.From(municipality)}/{year.ToString(CultureInfo.InvariantCulture)}";

    public static string Department(string poaKey, string departmentSlug) => $"{poaKey}/{departmentSlug}";

    public static string Action(string departmentKey, int number) =>
        $"{departmentKey}/{number.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The key one level up: an action's department, a department's POA.</summary>
    public static string Parent(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash > 0 ? key[..slash] : throw new ArgumentException($"'{key}' has no parent key.", nameof(key));
    }

    /// <summary>The last segment of a key: an action's number, a department's slug.</summary>
    public static string Leaf(string key) => key[(key.LastIndexOf('/') + 1)..];

    public static int ActionNumber(string actionKey) => int.Parse(Leaf(actionKey), CultureInfo.InvariantCulture);
}
