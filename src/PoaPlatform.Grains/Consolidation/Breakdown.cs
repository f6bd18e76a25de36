namespace PoaPlatform.Grains.Consolidation;

/// <summary>A running breakdown (by axis or by CONAC chapter) kept by adding new shares and subtracting old ones.</summary>
internal sealed class Breakdown
{
    private readonly Dictionary<string, BreakdownEntry> _entries = new(StringComparer.Ordinal);
    // The sorted list readers see, built at the first read after a change (a push changes a few keys; sorting every
    // key on every push would make a push cost the size of the breakdown times its logarithm).
    private IReadOnlyList<BreakdownEntry>? _sorted;

    /// <summary>The entries after subtracting <paramref name="removed"/> and adding <paramref name="added"/>, computed
    /// without changing this breakdown (the arithmetic may fail on values stored before the ranges existed).</summary>
    public Dictionary<string, BreakdownEntry> Change(IEnumerable<BreakdownEntry> removed, IEnumerable<BreakdownEntry> added)
    {
        var changed = new Dictionary<string, BreakdownEntry>(StringComparer.Ordinal);
        foreach (var (share, sign) in removed.Select(s => (s, -1)).Concat(added.Select(s => (s, 1))))
        {
            var entry = changed.GetValueOrDefault(share.Key) ?? _entries.GetValueOrDefault(share.Key) ?? BreakdownEntry.Empty(share.Key);
            changed[share.Key] = entry.Plus(share, sign);
        }
        return changed;
    }

    /// <summary>Takes the entries <see cref="Change"/> computed.</summary>
    public void Apply(Dictionary<string, BreakdownEntry> changed)
    {
        foreach (var (key, entry) in changed)
        {
            if (entry.IsEmpty)
                _entries.Remove(key);
            else
                _entries[key] = entry;
        }
        if (changed.Count > 0)
            _sorted = null;
    }

    /// <summary>Largest investment first, then by key, so dashboards list the heaviest lines on top. Built once per change.</summary>
    public IReadOnlyList<BreakdownEntry> ToList() =>
        _sorted ??= _entries.Values.OrderByDescending(e => e.Investment).ThenBy(e => e.Key, StringComparer.Ordinal).ToArray();
}
