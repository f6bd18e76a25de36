using System.Globalization;
using System.Text;

namespace PoaPlatform.Domain.Model;

/// <summary>Readable grain-key segments: "Secretaría Particular" → "secretaria-particular".</summary>
public static class Slugs
{
    /// <summary>Lower-case ASCII letters and digits, accents dropped, anything else a hyphen between words. Never
    /// throws: text that is not valid Unicode (half a surrogate pair) has those characters read as separators.</summary>
    public static string From(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        var pendingHyphen = false;
        foreach (var c in Decomposed(name))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0)
                    builder.Append('-');
                builder.Append(char.ToLowerInvariant(c));
                pendingHyphen = false;
            }
            else
            {
                pendingHyphen = true;
            }
        }
        return builder.ToString();
    }

    private static string Decomposed(string name)
    {
        if (!name.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
            return name.Normalize(NormalizationForm.FormD);
        // Normalize refuses unpaired surrogates; every surrogate is a separator in a slug anyway.
        var cleaned = string.Create(name.Length, name, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = char.IsSurrogate(source[i]) ? ' ' : source[i];
        });
        return cleaned.Normalize(NormalizationForm.FormD);
    }
}
