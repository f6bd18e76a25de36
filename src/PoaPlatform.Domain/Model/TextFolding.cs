using System.Globalization;
using System.Text;

namespace PoaPlatform.Domain.Model;

/// <summary>Text as people's spellings of one word compare: upper case, without accents ("Propósito" = "PROPOSITO").</summary>
internal static class TextFolding
{
    public static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                folded.Append(char.ToUpperInvariant(c));
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
