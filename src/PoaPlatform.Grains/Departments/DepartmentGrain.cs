using Microsoft.Extensions.Logging;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Grains.Consolidation;

namespace PoaPlatform.Grains.Departments;

/// <summary>Rolls up its actions. Keeps the newest summary per action and updates its totals by subtracting the old
/// summary and adding the new one; pushes its own summary to the POA (retried in the background when that fails).</summary>
[GrainType("department")]
public sealed class DepartmentGrain : Grain, IDepartmentGrain
{
    private readonly IPersistentState<DepartmentState> _state;
    private readonly TimeProvider _clock;
    private readonly RollUp<ActionSummary> _rollUp = new(a => a.Figures, a => a.AxisShares(), a => a.ChapterShares());
    private readonly OncePerActivation _load;
    private readonly ParentPush _push;
    private readonly ILogger _logger;
    // Actions admitted to be created or imported that have not pushed yet: they count towards the limit.
    private readonly HashSet<string> _admitted = new(StringComparer.Ordinal);
    private bool _inPoa;
    private long _version;

    public DepartmentGrain(
        [PersistentState(PoaStorage.DepartmentState, PoaStorage.Provider)] IPersistentState<DepartmentState> state,
        TimeProvider clock,
        ILogger<DepartmentGrain> logger)
    {
        _state = state;
        _clock = clock;
        _load = new OncePerActivation(LoadAsync);
        _push = new ParentPush(this, PushSummaryAsync, logger);
        _logger = logger;
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
        // Only the POA reads this: what it reads, it holds.
        _push.Acknowledge(_version);
        return BuildSummary();
    }

    public async Task ReportActionAsync(ActionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        // The reporting action is busy awaiting us: never ask it for its summary, we are holding the newest one.
        await _load.EnsureAsync(exceptKey: summary.Key);
        var keys = _state.State.ActionKeys;
        var membershipChanged = summary.Deleted ? keys.Contains(summary.Key) : !keys.Contains(summary.Key);
        var old = _rollUp.Get(summary.Key);
        var newer = old is null ? !summary.Deleted : old.Version < summary.Version;
        if (!newer && !membershipChanged)
            return;

        // Membership is the durable truth, written before the roll-up moves: a failed write leaves nothing behind, and
        // the action's retry finds the same work to do. The figures are not written at all.
        if (membershipChanged)
        {
            _admitted.Remove(summary.Key);
            _ = summary.Deleted ? keys.Remove(summary.Key) : keys.Add(summary.Key);
            try
            {
                await _state.WriteStateAsync();
            }
            catch
            {
                _ = summary.Deleted ? keys.Add(summary.Key) : keys.Remove(summary.Key);
                throw;
            }
        }
        if (!newer)
            return;
        if (!_rollUp.Set(summary.Key, summary.Deleted ? null : summary))
        {
            // Only an action stored before the ranges of PoaRules can overflow a roll-up; its command succeeded, so
            // the department keeps the action's previous figures and says so, rather than failing every push.
            LogOverflow(summary.Key);
            return;
        }
        _version = Versions.Next(_version, _clock);
        await _push.PushAsync();
    }

    public async Task<CommandError?> AdmitActionAsync(string actionKey)
    {
        var keys = _state.State.ActionKeys;
        if (keys.Contains(actionKey) || _admitted.Contains(actionKey))
            return null;
        if (keys.Count + _admitted.Count >= PoaRules.MaxActionsPerDepartment)
        {
            return new CommandError(ErrorCodes.Validation,
                $"{DisplayName} has {keys.Count + _admitted.Count} actions, the most a department may have ({PoaRules.MaxActionsPerDepartment}); delete one before adding {PoaKeys.ActionNumber(actionKey)}.",
                "number");
        }
        if (await JoinPoaAsync() is { } refused)
            return refused;
        _admitted.Add(actionKey);
        return null;
    }

    public async Task<CommandError?> DescribeAsync(string name, IReadOnlyList<Finding> documentFindings)
    {
        await _load.EnsureAsync(exceptKey: null);
        if (_state.State.Name == name && _state.State.DocumentFindings.SequenceEqual(documentFindings))
            return null;
        if (await JoinPoaAsync() is { } refused)
            return refused;
        var before = (_state.State.Name, _state.State.DocumentFindings);
        (_state.State.Name, _state.State.DocumentFindings) = (name, [.. documentFindings]);
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            (_state.State.Name, _state.State.DocumentFindings) = before;
            throw;
        }
        _version = Versions.Next(_version, _clock);
        await _push.PushAsync();
        return null;
    }

    /// <summary>The POA admits this department once per activation (it holds it already, or has room for it).</summary>
    private async Task<CommandError?> JoinPoaAsync()
    {
        if (_inPoa)
            return null;
        var refused = await GrainFactory.GetGrain<IPoaGrain>(PoaKeys.Parent(Key)).AdmitDepartmentAsync(Key);
        _inPoa = refused is null;
        return refused;
    }

    private async Task<long> PushSummaryAsync()
    {
        var summary = BuildSummary();
        await GrainFactory.GetGrain<IPoaGrain>(PoaKeys.Parent(Key)).ReportDepartmentAsync(summary);
        return summary.Version;
    }

    /// <summary>Rebuilds the roll-up from the action grains once per activation.</summary>
    private async Task LoadAsync(string? exceptKey)
    {
        var keys = _state.State.ActionKeys.Where(k => k != exceptKey).ToArray();
        var summaries = await Task.WhenAll(keys.Select(k => GrainFactory.GetGrain<IActionGrain>(k).GetSummaryAsync()));
        foreach (var summary in summaries)
        {
            if (summary is { Deleted: false } && !_rollUp.Set(summary.Key, summary))
                LogOverflow(summary.Key);
        }
        _version = Versions.Next(_version, _clock);
        // The POA may hold an older summary of this department (a push lost before this activation). It reads every
        // department when it rebuilds, which acknowledges; a change pushes anyway; otherwise this pushes once, shortly.
        _push.Schedule(TimeSpan.FromSeconds(1));
    }

    private DepartmentSummary BuildSummary()
    {
        var findings = _state.State.DocumentFindings.Concat(_rollUp.Children.OrderBy(a => a.Number).SelectMany(a => a.Findings)).ToArray();
        return new DepartmentSummary(Key, _version, DisplayName, _rollUp.Totals with { Findings = findings.Length },
            _rollUp.ByAxis, _rollUp.ByChapter, findings);
    }

    private void LogOverflow(string actionKey) =>
        _logger.LogError("The figures of {Action} overflow the roll-up of {Department} (values stored before the ranges of PoaRules); correct them with an update.", actionKey, Key);
}
