using System.Security.Cryptography;
using System.Text;

namespace PoaPlatform.Auth.Accounts;

/// <summary>The text of a personal API token, <c>poa_{prefix}_{secret}</c>: the prefix finds the stored record, and
/// only a SHA-256 hash of the whole text is stored. The secret has 256 random bits, so a plain hash suffices (no
/// password-style stretching is needed against guessing).</summary>
public static class ApiTokenText
{
    public const string Start = "poa_";

    public static (string Prefix, string Text) Create()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (prefix, $"{Start}{prefix}_{secret}");
    }

    /// <summary>The prefix of a text shaped like an API token, or null.</summary>
    public static string? PrefixOf(string? text)
    {
        if (text is null || !text.StartsWith(Start, StringComparison.Ordinal) || text.Length > 200)
            return null;
        var end = text.IndexOf('_', Start.Length);
        return end == Start.Length + 12 ? text[Start.Length..end] : null;
    }

    public static bool LooksLikeToken(string? text) => PrefixOf(text) is not null;

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static bool Matches(string text, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(text)), Encoding.ASCII.GetBytes(hash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
