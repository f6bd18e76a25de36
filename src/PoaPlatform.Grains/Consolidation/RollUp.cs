namespace PoaPlatform.Grains.Consolidation;

/// <summary>The newest summary of each child and the totals and breakdowns over them, kept by subtracting a child's old
/// summary and adding its new one. Used by departments (over actions) and cities (over departments).</summary>
internal sealed class RollUp<TSummary>(
    Func<TSummary, Figures> figuresOf,
    Func<TSummary, IEnumerable<BreakdownEntry>> axesOf,
    Func<TSummary, IEnumerable<BreakdownEntry>> chaptersOf,
    Func<TSummary, IEnumerable<BreakdownEntry>> sourcesOf)
    where TSummary : class
{
    private readonly Dictionary<string, TSummary> _children = new(StringComparer.Ordinal);
    private readonly Breakdown _byAxis = new();
    private readonly Breakdown _byChapter = new();
    private readonly Breakdown _bySource = new();

    public Figures Totals { get; private set; } = Figures.Zero;

    public IReadOnlyCollection<TSummary> Children => _children.Values;

    public IReadOnlyList<BreakdownEntry> ByAxis => _byAxis.ToList();

    public IReadOnlyList<BreakdownEntry> ByChapter => _byChapter.ToList();

    public IReadOnlyList<BreakdownEntry> BySource => _bySource.ToList();

    public TSummary? Get(string key) => _children.GetValueOrDefault(key);

    /// <summary>Replaces a child's summary (null removes the child). All or nothing: when the figures cannot be added
    /// (only values stored before the ranges of PoaRules can overflow) nothing changes and this returns false.</summary>
    public bool Set(string key, TSummary? summary)
    {
        var old = _children.GetValueOrDefault(key);
        Figures totals;
        Dictionary<string, BreakdownEntry> axes, chapters, sources;
        try
        {
            totals = Totals;
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
        // The largest coverage is a maximum: it cannot be subtracted, so it is recomputed over the children.
        Totals = totals with
        {
            LargestCoverage = _children.Values.Aggregate(Beneficiaries.None, (largest, c) => Figures.Larger(largest, figuresOf(c).LargestCoverage)),
        };
        return true;
    }
}

/// <summary>Work done once per activation (rebuilding a roll-up from the children), shared by every caller and
/// tried again after a failure.</summary>
internal sealed class OncePerActivation(Func<string?, Task> work)
{
    private Task? _running;

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
