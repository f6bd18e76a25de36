using System.Globalization;
using System.Text;

namespace PoaPlatform.Domain.Import;

/// <summary>
/// Workbook text as ECMA-376 stores it: characters XML cannot carry (control characters, lone surrogates) are written
/// _xHHHH_, and an underscore that would read as such an escape is written _x005F_.
/// </summary>
public static class XlsxText
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? escaped = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var surrogatePair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var invalid = (c < 0x20 && c is not '\t' and not '\n' and not '\r') || c is '\uFFFE' or '\uFFFF' || (char.IsSurrogate(c) && !surrogatePair && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1])));
            var looksEscaped = c == '_' && IsEscape(text, i);
            if (!invalid && !looksEscaped)
            {
                escaped?.Append(c);
                continue;
            }
            escaped ??= new StringBuilder(text, 0, i, text.Length + 16);
            escaped.Append("_x").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('_');
        }
        return escaped?.ToString() ?? text;
    }

    public static string Unescape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains("_x", StringComparison.Ordinal))
            return text;
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && IsEscape(text, i))
            {
                result.Append((char)int.Parse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 6;
                continue;
            }
            result.Append(text[i]);
        }
        return result.ToString();
    }

    private static bool IsEscape(string text, int i) =>
        i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_' && char.IsAsciiHexDigit(text[i + 2]) && char.IsAsciiHexDigit(text[i + 3]) &&
        char.IsAsciiHexDigit(text[i + 4]) && char.IsAsciiHexDigit(text[i + 5]);
}
