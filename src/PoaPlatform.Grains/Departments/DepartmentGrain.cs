using PoaPlatform.Grains.Consolidation;

namespace PoaPlatform.Grains.Departments;

/// <summary>Rolls up its actions. Keeps the newest summary per action and updates its totals by subtracting the old
/// summary and adding the new one; pushes its own summary to the city before a report returns.</summary>
public sealed class DepartmentGrain(
    [PersistentState(PoaStorage.DepartmentState, PoaStorage.Provider)] IPersistentState<DepartmentState> state,
    TimeProvider clock) : Grain, IDepartmentGrain
{
    private readonly Dictionary<string, ActionSummary> _actions = new(StringComparer.Ordinal);
    private readonly Breakdown _byAxis = new();
    private readonly Breakdown _byChapter = new();
    private Figures _totals = Figures.Zero;
    private long _version;
    private Task? _loading;

    private string Key => this.GetPrimaryKeyString();

    public async Task<DepartmentView> GetViewAsync()
    {
        await EnsureLoadedAsync(exceptKey: null);
        return new DepartmentView(BuildSummary(), _actions.Values.OrderBy(a => a.Number).ToArray());
    }

    public async Task<DepartmentSummary> GetSummaryAsync()
    {
        await EnsureLoadedAsync(exceptKey: null);
        return BuildSummary();
    }

    public async Task ReportActionAsync(ActionSummary summary)
    {
        // The reporting action is busy awaiting us: never ask it for its summary, we are holding the newest one.
        await EnsureLoadedAsync(exceptKey: summary.Key);
        if (!Apply(summary))
            return;
        await PersistMembershipAsync(summary);
        await PushAsync();
    }

    public async Task DescribeAsync(string name, IReadOnlyList<Finding> documentFindings)
    {
        await EnsureLoadedAsync(exceptKey: null);
        if (state.State.Name == name && state.State.DocumentFindings.SequenceEqual(documentFindings))
            return;
        state.State.Name = name;
        state.State.DocumentFindings = [.. documentFindings];
        await state.WriteStateAsync();
        _version = Versions.Next(_version, clock);
        await PushAsync();
    }

    /// <summary>Takes a summary unless an equal or newer version is already held. Returns whether anything changed.</summary>
    private bool Apply(ActionSummary summary)
    {
        var known = _actions.TryGetValue(summary.Key, out var old);
        if (known && old!.Version >= summary.Version)
            return false;
        if (!known && summary.Deleted)
            return false;
        if (known)
            Remove(old!);
        if (!summary.Deleted)
            Add(summary);
        _totals = _totals with { LargestCoverage = LargestCoverage() };
        _version = Versions.Next(_version, clock);
        return true;
    }

    private void Add(ActionSummary summary)
    {
        _actions[summary.Key] = summary;
        _totals = _totals.Plus(summary.Figures);
        _byAxis.Add(summary.AxisShares());
        _byChapter.Add(summary.ChapterShares());
    }

    private void Remove(ActionSummary summary)
    {
        _actions.Remove(summary.Key);
        _totals = _totals.Minus(summary.Figures);
        _byAxis.Add(summary.AxisShares(), -1);
        _byChapter.Add(summary.ChapterShares(), -1);
    }

    private Beneficiaries LargestCoverage() =>
        _actions.Values.Aggregate(Beneficiaries.None, (largest, a) => Figures.Larger(largest, a.Figures.LargestCoverage));

    /// <summary>Membership is the durable truth and is written at once; the figures are not written at all.</summary>
    private async Task PersistMembershipAsync(ActionSummary summary)
    {
        var changed = summary.Deleted ? state.State.ActionKeys.Remove(summary.Key) : state.State.ActionKeys.Add(summary.Key);
        if (changed)
            await state.WriteStateAsync();
    }

    private Task PushAsync() => GrainFactory.GetGrain<IPoaGrain>(PoaKeys.Parent(Key)).ReportDepartmentAsync(BuildSummary());

    private async Task EnsureLoadedAsync(string? exceptKey)
    {
        _loading ??= LoadAsync(exceptKey);
        try
        {
            await _loading;
        }
        catch
        {
            _loading = null; // a child that failed to answer is asked again next time
            throw;
        }
    }

    /// <summary>Rebuilds the roll-up from the action grains once per activation.</summary>
    private async Task LoadAsync(string? exceptKey)
    {
        var keys = state.State.ActionKeys.Where(k => k != exceptKey).ToArray();
        var summaries = await Task.WhenAll(keys.Select(k => GrainFactory.GetGrain<IActionGrain>(k).GetSummaryAsync()));
        foreach (var summary in summaries)
        {
            if (summary is { Deleted: false })
                Add(summary);
        }
        _totals = _totals with { LargestCoverage = LargestCoverage() };
        _version = Versions.Next(_version, clock);
    }

    private DepartmentSummary BuildSummary()
    {
        var findings = state.State.DocumentFindings.Concat(_actions.Values.OrderBy(a => a.Number).SelectMany(a => a.Findings)).ToArray();
        return new DepartmentSummary(Key, _version, DisplayName, _totals with { Findings = findings.Length },
            _byAxis.ToList(), _byChapter.ToList(), findings);
    }

    private string DisplayName => state.State.Name.Length > 0 ? state.State.Name : PoaKeys.Leaf(Key);
}
