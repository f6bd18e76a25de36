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
    /// <remarks>An entry that is the same instance in both lists cancels out and costs nothing: a department builds its
    /// new summary's lists from the entries it kept, so when one action changes, the POA's breakdowns move only by the
    /// department's entries that changed (a copy, as a call from another silo brings, is added and subtracted).</remarks>
    public Dictionary<string, BreakdownEntry> Change(IEnumerable<BreakdownEntry> removed, IEnumerable<BreakdownEntry> added)
    {
        var changed = new Dictionary<string, BreakdownEntry>(StringComparer.Ordinal);
        if (removed is IReadOnlyList<BreakdownEntry> before && added is IReadOnlyList<BreakdownEntry> after && before.Count > 0 && after.Count > 0)
        {
            Span<bool> kept = after.Count <= 128 ? stackalloc bool[after.Count] : new bool[after.Count];
            for (var i = 0; i < before.Count; i++)
            {
                var same = SameInstance(after, kept, before[i], i);
                if (same >= 0)
                    kept[same] = true;
                else
                    Add(changed, before[i], -1);
            }
            for (var j = 0; j < after.Count; j++)
            {
                if (!kept[j])
                    Add(changed, after[j], 1);
            }
            return changed;
        }

        foreach (var share in removed)
            Add(changed, share, -1);
        foreach (var share in added)
            Add(changed, share, 1);
        return changed;
    }

    private void Add(Dictionary<string, BreakdownEntry> changed, BreakdownEntry share, int sign)
    {
        var entry = changed.GetValueOrDefault(share.Key) ?? _entries.GetValueOrDefault(share.Key) ?? BreakdownEntry.Empty(share.Key);
        changed[share.Key] = entry.Plus(share, sign);
    }

    /// <summary>The index of <paramref name="entry"/> itself (not an equal copy) among the entries of
    /// <paramref name="after"/> not yet paired, trying its own index first (the order rarely changes); -1 if none.</summary>
    private static int SameInstance(IReadOnlyList<BreakdownEntry> after, ReadOnlySpan<bool> kept, BreakdownEntry entry, int index)
    {
        if (index < after.Count && !kept[index] && ReferenceEquals(after[index], entry))
            return index;
        for (var j = 0; j < after.Count; j++)
        {
            if (!kept[j] && ReferenceEquals(after[j], entry))
                return j;
        }
        return -1;
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
