namespace PoaPlatform.Grains.Consolidation;

/// <summary>A running breakdown (by axis or by CONAC chapter) kept by adding new shares and subtracting old ones.</summary>
internal sealed class Breakdown
{
    private readonly Dictionary<string, BreakdownEntry> _entries = new(StringComparer.Ordinal);

    public void Add(IEnumerable<BreakdownEntry> shares, int sign = 1)
    {
        foreach (var share in shares)
        {
            var entry = _entries.GetValueOrDefault(share.Key) ?? BreakdownEntry.Empty(share.Key);
            entry = entry.Plus(share, sign);
            if (entry.IsEmpty)
                _entries.Remove(share.Key);
            else
                _entries[share.Key] = entry;
        }
    }

    /// <summary>Largest investment first, then by key, so dashboards list the heaviest lines on top.</summary>
    public IReadOnlyList<BreakdownEntry> ToList() =>
        _entries.Values.OrderByDescending(e => e.Investment).ThenBy(e => e.Key, StringComparer.Ordinal).ToArray();
}
