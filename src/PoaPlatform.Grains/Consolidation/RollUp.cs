namespace PoaPlatform.Grains.Consolidation;

/// <summary>The newest summary of each child and the totals and breakdowns over them, kept by subtracting a child's old
/// summary and adding its new one. Used by departments (over actions) and cities (over departments).</summary>
/// <remarks>Taking a summary costs the size of that summary, not the number of its siblings: totals and breakdowns
/// move by the difference, the largest coverage (a maximum) is recomputed only when the child that held it shrinks or
/// ties it, and the sorted views (<see cref="Ordered"/>, the breakdown lists) are built at the first read after a
/// change and kept until the next.</remarks>
internal sealed class RollUp<TSummary>(
    Func<TSummary, Figures> figuresOf,
    Func<TSummary, IEnumerable<BreakdownEntry>> axesOf,
    Func<TSummary, IEnumerable<BreakdownEntry>> chaptersOf,
    Func<TSummary, IEnumerable<BreakdownEntry>> sourcesOf,
    Func<IEnumerable<TSummary>, IEnumerable<TSummary>>? order = null)
    where TSummary : class
{
    private readonly Dictionary<string, TSummary> _children = new(StringComparer.Ordinal);
    private readonly Breakdown _byAxis = new();
    private readonly Breakdown _byChapter = new();
    private readonly Breakdown _bySource = new();
    private Figures _totals = Figures.Zero;
    // The largest single coverage; null when it must be recomputed over the children (the child holding it shrank).
    private Beneficiaries? _largest = Beneficiaries.None;
    private IReadOnlyList<TSummary>? _ordered;

    /// <summary>Grows by one with every change of a child.</summary>
    public long Generation { get; private set; }

    public Figures Totals
    {
        get
        {
            // As the sum over the children always was: the first child (in the dictionary's order) of the largest total.
            _largest ??= _children.Values.Aggregate(Beneficiaries.None, (largest, c) => Figures.Larger(largest, figuresOf(c).LargestCoverage));
            return _totals.LargestCoverage == _largest ? _totals : _totals = _totals with { LargestCoverage = _largest };
        }
    }

    public IReadOnlyCollection<TSummary> Children => _children.Values;

    /// <summary>The children in the order the roll-up was given (by number, by name), sorted once per change.</summary>
    public IReadOnlyList<TSummary> Ordered => _ordered ??= (order ?? (c => c)).Invoke(_children.Values).ToArray();

    public IReadOnlyList<BreakdownEntry> ByAxis => _byAxis.ToList();

    public IReadOnlyList<BreakdownEntry> ByChapter => _byChapter.ToList();

    public IReadOnlyList<BreakdownEntry> BySource => _bySource.ToList();

    public TSummary? Get(string key) => _children.GetValueOrDefault(key);

    /// <summary>Holds <paramref name="summary"/> in place of a child's summary of the same version and the same figures:
    /// the child's own instance instead of the copy a snapshot gave, so that only one is kept. Totals, breakdowns and
    /// the generation stay as they are. False (nothing done) when the roll-up holds no such summary; a summary whose
    /// figures differ goes through <see cref="Set"/>.</summary>
    public bool Share(string key, TSummary summary, Func<TSummary, long> versionOf)
    {
        ArgumentNullException.ThrowIfNull(versionOf);
        if (_children.GetValueOrDefault(key) is not { } held || ReferenceEquals(held, summary) || versionOf(held) != versionOf(summary)
            || figuresOf(held) != figuresOf(summary) || !axesOf(held).SequenceEqual(axesOf(summary))
            || !chaptersOf(held).SequenceEqual(chaptersOf(summary)) || !sourcesOf(held).SequenceEqual(sourcesOf(summary)))
            return false;
        _children[key] = summary;
        _ordered = null;
        return true;
    }

    /// <summary>Replaces a child's summary (null removes the child). All or nothing: when the figures cannot be added
    /// (only values stored before the ranges of PoaRules can overflow) nothing changes and this returns false.</summary>
    public bool Set(string key, TSummary? summary)
    {
        var old = _children.GetValueOrDefault(key);
        Figures totals;
        Dictionary<string, BreakdownEntry> axes, chapters, sources;
        try
        {
            totals = _totals;
            if (old is not null)
                totals = totals.Minus(figuresOf(old));
            if (summary is not null)
                totals = totals.Plus(figuresOf(summary));
            axes = _byAxis.Change(old is null ? [] : axesOf(old), summary is null ? [] : axesOf(summary));
            chapters = _byChapter.Change(old is null ? [] : chaptersOf(old), summary is null ? [] : chaptersOf(summary));
            sources = _bySource.Change(old is null ? [] : sourcesOf(old), summary is null ? [] : sourcesOf(summary));
        }
        catch (OverflowException)
        {
            return false;
        }

        if (summary is null)
            _children.Remove(key);
        else
            _children[key] = summary;
        _byAxis.Apply(axes);
        _byChapter.Apply(chapters);
        _bySource.Apply(sources);
        _totals = totals;
        TrackLargest(old is null ? null : figuresOf(old).LargestCoverage, summary is null ? null : figuresOf(summary).LargestCoverage);
        _ordered = null;
        Generation++;
        return true;
    }

    /// <summary>The largest coverage is a maximum: it cannot be subtracted. A new coverage above it replaces it; the
    /// child holding it (or tying it) changing makes it unknown until the next read recomputes it.</summary>
    private void TrackLargest(Beneficiaries? before, Beneficiaries? after)
    {
        if (_largest is not { } largest)
            return;
        if (after is { } grown && grown.Total > largest.Total)
        {
            _largest = grown;
            return;
        }
        if ((before is { } old && old.Total >= largest.Total) || (after is { } tie && tie.Total == largest.Total && tie != largest))
            _largest = null;
    }
}

/// <summary>Work done once per activation (rebuilding a roll-up from the children), shared by every caller and
/// tried again after a failure.</summary>
internal sealed class OncePerActivation(Func<string?, Task> work)
{
    private Task? _running;

    /// <summary>The work finished (a caller will not wait).</summary>
    public bool Done => _running is { IsCompletedSuccessfully: true };

    /// <param name="exceptKey">A child that must not be asked: it is the one calling, and is busy awaiting us.</param>
    public async Task EnsureAsync(string? exceptKey)
    {
        _running ??= work(exceptKey);
        try
        {
            await _running;
        }
        catch
        {
            _running = null; // a child that failed to answer is asked again next time
            throw;
        }
    }
}
