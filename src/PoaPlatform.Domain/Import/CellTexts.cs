namespace PoaPlatform.Domain.Import;

/// <summary>
/// The strings of one input's short cell texts, one instance per distinct text: a responsible area, a unit or an
/// indicator is written on row after row, and every activity that repeats it shares one string (as a workbook's
/// shared strings do). Longer texts (descriptions) rarely repeat and are copied as they are. One per read; not
/// thread-safe.
/// </summary>
internal sealed class CellTexts
{
    /// <summary>Texts up to this many characters are shared.</summary>
    public const int MaxSharedLength = 100;

    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public CellTexts() => _lookup = _texts.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Of(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return "";
        if (text.Length > MaxSharedLength)
            return text.ToString();
        if (_lookup.TryGetValue(text, out var known))
            return known;
        var created = text.ToString();
        _texts.Add(created, created);
        return created;
    }
}
