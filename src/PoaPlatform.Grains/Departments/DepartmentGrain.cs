using PoaPlatform.Grains.Consolidation;

namespace PoaPlatform.Grains.Departments;

/// <summary>Rolls up its actions. Keeps the newest summary per action and updates its totals by subtracting the old
/// summary and adding the new one; pushes its own summary to the city before a report returns.</summary>
public sealed class DepartmentGrain : Grain, IDepartmentGrain
{
    private readonly IPersistentState<DepartmentState> _state;
    private readonly TimeProvider _clock;
    private readonly RollUp<ActionSummary> _rollUp = new(a => a.Figures, a => a.AxisShares(), a => a.ChapterShares());
    private readonly OncePerActivation _load;
    private long _version;

    public DepartmentGrain([PersistentState(PoaStorage.DepartmentState, PoaStorage.Provider)] IPersistentState<DepartmentState> state, TimeProvider clock)
    {
        _state = state;
        _clock = clock;
        _load = new OncePerActivation(LoadAsync);
    }

    private string Key => this.GetPrimaryKeyString();

    private string DisplayName => _state.State.Name.Length > 0 ? _state.State.Name : PoaKeys.Leaf(Key);

    public async Task<DepartmentView> GetViewAsync()
    {
        await _load.EnsureAsync(exceptKey: null);
        return new DepartmentView(BuildSummary(), _rollUp.Children.OrderBy(a => a.Number).ToArray());
    }

    public async Task<DepartmentSummary> GetSummaryAsync()
    {
        await _load.EnsureAsync(exceptKey: null);
        return BuildSummary();
    }

    public async Task ReportActionAsync(ActionSummary summary)
    {
        // The reporting action is busy awaiting us: never ask it for its summary, we are holding the newest one.
        await _load.EnsureAsync(exceptKey: summary.Key);
        var old = _rollUp.Get(summary.Key);
        if ((old is not null && old.Version >= summary.Version) || (old is null && summary.Deleted))
            return;
        _rollUp.Set(summary.Key, summary.Deleted ? null : summary);
        _version = Versions.Next(_version, _clock);

        // Membership is the durable truth and is written at once; the figures are not written at all.
        var membershipChanged = summary.Deleted ? _state.State.ActionKeys.Remove(summary.Key) : _state.State.ActionKeys.Add(summary.Key);
        if (membershipChanged)
            await _state.WriteStateAsync();
        await PushAsync();
    }

    public async Task DescribeAsync(string name, IReadOnlyList<Finding> documentFindings)
    {
        await _load.EnsureAsync(exceptKey: null);
        if (_state.State.Name == name && _state.State.DocumentFindings.SequenceEqual(documentFindings))
            return;
        _state.State.Name = name;
        _state.State.DocumentFindings = [.. documentFindings];
        await _state.WriteStateAsync();
        _version = Versions.Next(_version, _clock);
        await PushAsync();
    }

    private Task PushAsync() => GrainFactory.GetGrain<IPoaGrain>(PoaKeys.Parent(Key)).ReportDepartmentAsync(BuildSummary());

    /// <summary>Rebuilds the roll-up from the action grains once per activation.</summary>
    private async Task LoadAsync(string? exceptKey)
    {
        var keys = _state.State.ActionKeys.Where(k => k != exceptKey).ToArray();
        var summaries = await Task.WhenAll(keys.Select(k => GrainFactory.GetGrain<IActionGrain>(k).GetSummaryAsync()));
        foreach (var summary in summaries)
        {
            if (summary is { Deleted: false })
                _rollUp.Set(summary.Key, summary);
        }
        _version = Versions.Next(_version, _clock);
    }

    private DepartmentSummary BuildSummary()
    {
        var findings = _state.State.DocumentFindings.Concat(_rollUp.Children.OrderBy(a => a.Number).SelectMany(a => a.Findings)).ToArray();
        return new DepartmentSummary(Key, _version, DisplayName, _rollUp.Totals with { Findings = findings.Length },
            _rollUp.ByAxis, _rollUp.ByChapter, findings);
    }
}
