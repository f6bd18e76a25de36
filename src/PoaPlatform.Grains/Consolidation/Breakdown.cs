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
    /// <remarks>The two lists are paired first, so that a push costs what changed:
    /// <list type="bullet">
    /// <item>an entry that is the same instance in both cancels out: a department builds its new summary's lists from
    /// the entries it kept, so when one action changes, the POA's breakdowns move only by the department's entries
    /// that changed (a copy, as a call from another silo brings, is paired by its key instead);</item>
    /// <item>an old and a new entry of the same key replace one another field by field, and a field that is the same in
    /// both (an action's programmed months, when it reports progress) is left as it is.</item>
    /// </list>
    /// What remains unpaired is subtracted or added whole.</remarks>
    public Dictionary<string, BreakdownEntry> Change(IEnumerable<BreakdownEntry> removed, IEnumerable<BreakdownEntry> added)
    {
        var changed = new Dictionary<string, BreakdownEntry>(StringComparer.Ordinal);
        var before = removed as IReadOnlyList<BreakdownEntry> ?? [.. removed];
        var after = added as IReadOnlyList<BreakdownEntry> ?? [.. added];
        Span<bool> paired = after.Count <= 128 ? stackalloc bool[after.Count] : new bool[after.Count];
        for (var i = 0; i < before.Count; i++)
        {
            var old = before[i];
            var same = Pair(after, paired, i, old, byKey: false);
            if (same >= 0)
            {
                paired[same] = true;
                continue;
            }
            var replacement = Pair(after, paired, i, old, byKey: true);
            if (replacement >= 0)
            {
                paired[replacement] = true;
                changed[old.Key] = Current(changed, old.Key).Replace(old, after[replacement]);
            }
            else
            {
                changed[old.Key] = Current(changed, old.Key).Plus(old, -1);
            }
        }
        for (var j = 0; j < after.Count; j++)
        {
            if (!paired[j])
                changed[after[j].Key] = Current(changed, after[j].Key).Plus(after[j]);
        }
        return changed;
    }

    private BreakdownEntry Current(Dictionary<string, BreakdownEntry> changed, string key) =>
        changed.GetValueOrDefault(key) ?? _entries.GetValueOrDefault(key) ?? BreakdownEntry.Empty(key);

    /// <summary>The index of the first entry of <paramref name="after"/> not yet paired that is <paramref name="old"/>
    /// itself (or, <paramref name="byKey"/>, has its key), trying <paramref name="index"/> first (the order rarely
    /// changes); -1 if none.</summary>
    private static int Pair(IReadOnlyList<BreakdownEntry> after, ReadOnlySpan<bool> paired, int index, BreakdownEntry old, bool byKey)
    {
        if (index < after.Count && !paired[index] && Matches(after[index]))
            return index;
        for (var j = 0; j < after.Count; j++)
        {
            if (!paired[j] && Matches(after[j]))
                return j;
        }
        return -1;

        bool Matches(BreakdownEntry entry) => byKey ? string.Equals(entry.Key, old.Key, StringComparison.Ordinal) : ReferenceEquals(entry, old);
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
