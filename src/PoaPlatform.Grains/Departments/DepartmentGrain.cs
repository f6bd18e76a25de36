using Microsoft.Extensions.Logging;
using PoaPlatform.Grains.Audit;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Grains.Consolidation;

namespace PoaPlatform.Grains.Departments;

/// <summary>Rolls up its actions. Keeps the newest summary per action and updates its totals by subtracting the old
/// summary and adding the new one; pushes its own summary to the POA (retried in the background when that fails).</summary>
/// <remarks>The summaries it holds are kept in a snapshot written lazily (<see cref="RollUpSnapshotWriter"/>): a cold department
/// answers from it at once and validates it against its actions in the background (docs/decisions/0017).</remarks>
[GrainType("department")]
public sealed class DepartmentGrain : Grain, IDepartmentGrain
{
    private readonly IPersistentState<DepartmentState> _state;
    private readonly IPersistentState<DepartmentRollUp> _snapshot;
    private readonly RollUpSnapshotWriter _snapshotWriter;
    private readonly RollUpValidation<ActionSummary> _validation;
    private readonly TimeProvider _clock;
    private RollUp<ActionSummary> _rollUp = NewRollUp(0);
    private readonly OncePerActivation _load;
    private readonly ParentPush _push;
    private readonly IAuditSink _audit;
    private readonly ILogger _logger;
    // Actions admitted to be created or imported that have not pushed yet: they count towards the limit.
    private readonly HashSet<string> _admitted = new(StringComparer.Ordinal);
    private bool _inPoa;
    // Until when an import's bulk admission holds back the pushes to the POA (EndImportAsync ends it).
    private DateTimeOffset _importingUntil = DateTimeOffset.MinValue;
    private long _version;
    private (PoaCalendar Calendar, DateTimeOffset ReadAt)? _calendar;
    // Built at the first read after a change, not on every push: the findings in number order, the summary and the view.
    private Finding[]? _findings;
    private DepartmentSummary? _summary;
    private DepartmentView? _view;

    /// <summary>How long the POA's calendar is taken as read without asking again. The POA tells the departments it
    /// knows of a new calendar at once; this bounds only a department that joined the POA while the calendar changed.</summary>
    public static readonly TimeSpan CalendarFreshness = TimeSpan.FromMinutes(1);

    public DepartmentGrain(
        [PersistentState(PoaStorage.DepartmentState, PoaStorage.Provider)] IPersistentState<DepartmentState> state,
        [PersistentState(PoaStorage.DepartmentRollUp, PoaStorage.Provider)] IPersistentState<DepartmentRollUp> snapshot,
        TimeProvider clock,
        IAuditSink audit,
        ILogger<DepartmentGrain> logger)
    {
        _state = state;
        _clock = clock;
        _audit = audit;
        _logger = logger;
        _load = new OncePerActivation(LoadAsync);
        _push = new ParentPush(this, PushSummaryAsync, logger);
        _snapshot = snapshot;
        _snapshotWriter = new RollUpSnapshotWriter(this, WriteSnapshotAsync, logger);
        _validation = new RollUpValidation<ActionSummary>(this, () => _state.State.ActionKeys,
            key => GrainFactory.Grain<IActionGrain>(key).GetSummaryAsync(), TakeValidated, OnValidated, logger);
    }

    private string Key => this.GetPrimaryKeyString();

    /// <summary>The roll-up reads approved figures against the stored approval; entries left by a write whose copy to
    /// the audit table failed are copied now.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _rollUp = NewRollUp(Cycle.ApprovalNumber);
        return CopyOutboxAsync();
    }

    /// <summary>What the snapshot does not hold yet is written now (a crash skips this: validation repairs it).</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        await _snapshotWriter.WriteAsync();

    private string DisplayName => _state.State.Name.Length > 0 ? _state.State.Name : PoaKeys.Leaf(Key);

    public async Task<DepartmentView> GetViewAsync()
    {
        await _load.EnsureAsync(exceptKey: null);
        var summary = BuildSummary();
        if (!ReferenceEquals(_view?.Summary, summary))
        {
            // Each action's approved figures are read against this department's approval, as its totals are.
            var approval = Cycle.ApprovalNumber;
            _view = new DepartmentView(summary, _rollUp.Ordered
                .Select(a => a.BaselineApproval == approval ? a : a with { Figures = a.FiguresAt(approval), BaselineApproval = approval }).ToArray());
        }
        return _view;
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
        if (!Newer(summary) && !membershipChanged)
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
        // Checked again: a background validation may have taken a newer summary while the membership was written.
        if (!Newer(summary))
            return;
        if (!SetChild(summary.Key, summary.Deleted ? null : summary))
        {
            // Only an action stored before the ranges of PoaRules can overflow a roll-up; its command succeeded, so
            // the department keeps the action's previous figures and says so, rather than failing every push.
            LogOverflow(summary.Key);
            return;
        }
        _version = Versions.Next(_version, _clock);
        // During an import the POA takes the department once, at its end, instead of once per action.
        if (_clock.GetUtcNow() < _importingUntil)
        {
            _push.Schedule(ImportPushDelay);
            return;
        }
        await _push.PushAsync();
    }

    /// <summary>How long an import's bulk admission holds back the pushes to the POA, at most (the importer ends it
    /// sooner with <see cref="EndImportAsync"/>; an importer that died leaves the POA behind by this much).</summary>
    public static readonly TimeSpan ImportWindow = TimeSpan.FromSeconds(30);

    /// <summary>When the POA takes the department after the last push of an import that did not end it.</summary>
    private static readonly TimeSpan ImportPushDelay = TimeSpan.FromSeconds(1);

    public async Task EndImportAsync()
    {
        _importingUntil = DateTimeOffset.MinValue;
        if (_push.Acknowledged < _version)
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

    public async Task<IReadOnlyList<CommandError?>> AdmitActionsAsync(IReadOnlyList<string> actionKeys)
    {
        ArgumentNullException.ThrowIfNull(actionKeys);
        _importingUntil = _clock.GetUtcNow() + ImportWindow;
        var keys = _state.State.ActionKeys;
        var answers = new CommandError?[actionKeys.Count];
        var added = new List<(int Index, string Key)>();
        var adding = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actionKeys.Count; i++)
        {
            var key = actionKeys[i];
            if (key is null || key.LastIndexOf('/') <= 0 || PoaKeys.Parent(key) != Key)
            {
                answers[i] = new CommandError(ErrorCodes.Validation, $"{key} is not an action of {Key}.", "number");
                continue;
            }
            if (keys.Contains(key) || _admitted.Contains(key) || adding.Contains(key))
                continue;
            var count = keys.Count + _admitted.Count + adding.Count;
            if (count >= PoaRules.MaxActionsPerDepartment)
            {
                answers[i] = new CommandError(ErrorCodes.Validation,
                    $"{DisplayName} has {count} actions, the most a department may have ({PoaRules.MaxActionsPerDepartment}); delete one before adding {PoaKeys.ActionNumber(key)}.",
                    "number");
                continue;
            }
            adding.Add(key);
            added.Add((i, key));
        }
        if (added.Count == 0)
            return answers;
        if (await JoinPoaAsync() is { } refused)
        {
            foreach (var (index, _) in added)
                answers[index] = refused;
            return answers;
        }
        // One durable write for the whole batch. A key admitted whose action is never created holds no summary, so no
        // roll-up, view or list shows it; it only takes a place until the action exists or is deleted.
        keys.UnionWith(adding);
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            keys.ExceptWith(adding);
            throw;
        }
        return answers;
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
        _findings = null;
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            (_state.State.Name, _state.State.DocumentFindings) = before;
            (_findings, _summary) = (null, null);
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
        var refused = await GrainFactory.Grain<IPoaGrain>(PoaKeys.Parent(Key)).AdmitDepartmentAsync(Key);
        _inPoa = refused is null;
        return refused;
    }

    private DepartmentCycle Cycle => _state.State.Cycle ?? DepartmentCycle.Start;

    /// <summary>A roll-up that reads each action's approved figures against one approval of this department.</summary>
    private static RollUp<ActionSummary> NewRollUp(int approvalNumber) =>
        new(a => a.FiguresAt(approvalNumber), a => a.AxisShares(), a => a.ChapterShares(), a => a.SourceShares(), actions => actions.OrderBy(a => a.Number));

    /// <summary>After an approval the baseline is the programming as approved: the roll-up is summed again against it.</summary>
    private void RollUpAgainst(int approvalNumber)
    {
        var children = _rollUp.Children.ToList();
        _rollUp = NewRollUp(approvalNumber);
        foreach (var child in children)
            _rollUp.Set(child.Key, child);
        _findings = null;
    }

    public async Task<DepartmentRules> GetRulesAsync()
    {
        var now = _clock.GetUtcNow();
        if (_calendar is not { } cached || now - cached.ReadAt > CalendarFreshness)
        {
            _calendar = (await GrainFactory.Grain<IPoaGrain>(PoaKeys.Parent(Key)).GetCalendarAsync(), now);
            cached = _calendar.Value;
        }
        return new DepartmentRules(Cycle.Status, Cycle.ApprovalNumber, cached.Calendar, Cycle.ReopenedMonths);
    }

    public Task UseCalendarAsync(PoaCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (_calendar is not { } cached || cached.Calendar.Version <= calendar.Version)
            _calendar = (calendar, _clock.GetUtcNow());
        return Task.CompletedTask;
    }

    public async Task<CommandResult> TransitionAsync(CycleTransition transition, string? comment, IReadOnlyList<FindingExplanation> explanations, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(explanations);
        ArgumentNullException.ThrowIfNull(context);
        await _load.EnsureAsync(exceptKey: null);
        var cycle = Cycle;
        if (Stale(cycle, context) is { } stale)
            return CommandResult.Fail(cycle.Version, stale);
        var allowed = CycleRules.From(cycle.Status);
        if (!allowed.Contains(transition))
        {
            return CommandResult.Fail(cycle.Version, new CommandError(ErrorCodes.InvalidTransition,
                $"The POA of {DisplayName} is {cycle.Status}: {transition} is not possible now; it can {(allowed.Count == 0 ? "not move" : string.Join(", ", allowed))}.",
                "transition", cycle.Version, cycle.Status.ToString(), Allowed: [.. allowed.Select(t => t.ToString())]));
        }
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (transition is CycleTransition.Return or CycleTransition.Reopen && comment is null)
            return CommandResult.Fail(cycle.Version, Invalid("comment", transition == CycleTransition.Return
                ? "Say what the department must correct: a return needs comments."
                : "Reopening an approved POA needs the reason."));
        if (comment is not null && PoaRules.Text("comment", comment, PoaRules.MaxTextLength) is { } badComment)
            return CommandResult.Fail(cycle.Version, Invalid("comment", badComment.Message));
        if (explanations.Select(e => PoaRules.Text("explanations", e.Text ?? "", PoaRules.MaxTextLength) ?? PoaRules.Text("explanations", e.FindingKey ?? "", 200)).FirstOrDefault(v => v is not null) is { } badExplanation)
            return CommandResult.Fail(cycle.Version, Invalid("explanations", badExplanation.Message));

        var next = cycle with { Status = CycleRules.To(transition), Version = cycle.Version + 1 };
        switch (transition)
        {
            case CycleTransition.Submit:
                var findings = FindingKeys.Of(_rollUp.Children.Count == 0 ? [SubmissionChecks.WithoutActions(DisplayName)] : BuildSummary().Findings);
                if (findings.Where(f => f.Finding.Severity == FindingSeverity.Error).Select(f => f.Finding).ToList() is { Count: > 0 } errors)
                    return CommandResult.Fail(cycle.Version, Invalid("findings", $"Correct these before submitting: {string.Join(" ", errors.Select(e => e.Message))}"));
                var given = explanations.Where(e => !string.IsNullOrWhiteSpace(e.Text)).ToDictionary(e => e.FindingKey, e => e.Text.Trim(), StringComparer.Ordinal);
                var unexplained = findings.Where(f => f.Finding.Severity == FindingSeverity.Warning && !given.ContainsKey(f.Key)).ToList();
                if (unexplained.Count > 0)
                {
                    return CommandResult.Fail(cycle.Version, Invalid("explanations",
                        $"Explain each warning before submitting; still unexplained: {string.Join("; ", unexplained.Select(f => $"{f.Key} ({f.Finding.Message})"))}"));
                }
                next = next with
                {
                    Explanations = [.. findings.Where(f => given.ContainsKey(f.Key)).Select(f => new FindingExplanation(f.Key, given[f.Key]))],
                    SubmittedVersions = ProgrammingVersions(),
                };
                break;
            case CycleTransition.Approve:
                var now = ProgrammingVersions();
                var moved = now.Where(v => cycle.SubmittedVersions.GetValueOrDefault(v.Key, -1) != v.Value).Select(v => v.Key)
                    .Concat(cycle.SubmittedVersions.Keys.Where(k => !now.ContainsKey(k))).ToList();
                if (moved.Count > 0)
                {
                    return CommandResult.Fail(cycle.Version, new CommandError(ErrorCodes.Conflict,
                        $"The programming changed since it was submitted ({string.Join(", ", moved.Select(PoaKeys.Leaf))}); return it for the department to submit again.",
                        "programming", cycle.Version, cycle.Status.ToString()));
                }
                next = next with { ApprovalNumber = cycle.ApprovalNumber + 1 };
                break;
            case CycleTransition.ImportApproved:
                next = next with { ApprovalNumber = cycle.ApprovalNumber + 1, SubmittedVersions = ProgrammingVersions() };
                break;
        }
        var at = _clock.GetUtcNow();
        next = next with { History = [.. cycle.History, new CycleEvent(next.Version, at, context.Editor.User, transition, cycle.Status, next.Status, comment)] };
        return await CommitAsync(next, CommandName(transition), "status", cycle.Status.ToString(), comment is null ? next.Status.ToString() : $"{next.Status}: {comment}", context.Editor, at);
    }

    public async Task<CommandResult> SetMonthReopenedAsync(int month, bool reopened, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cycle = Cycle;
        if (Stale(cycle, context) is { } stale)
            return CommandResult.Fail(cycle.Version, stale);
        if (!Month.IsValid(month))
            return CommandResult.Fail(cycle.Version, Invalid("month", $"Month {month} is outside 1 (ENE) to 12 (DIC)."));
        if (cycle.ReopenedMonths.Contains(month) == reopened)
            return CommandResult.Ok(cycle.Version);
        var months = reopened ? cycle.ReopenedMonths.Append(month).Order().ToArray() : cycle.ReopenedMonths.Where(m => m != month).ToArray();
        var next = cycle with { Version = cycle.Version + 1, ReopenedMonths = months };
        return await CommitAsync(next, reopened ? "reopenMonth" : "closeMonth", $"month/{month}",
            cycle.ReopenedMonths.Contains(month) ? "reopened" : "closed", reopened ? "reopened" : "closed", context.Editor, _clock.GetUtcNow());
    }

    /// <summary>Writes the new cycle with its audit entry; a failed write leaves the department as it was.</summary>
    private async Task<CommandResult> CommitAsync(DepartmentCycle next, string command, string field, string? oldValue, string? newValue, Editor editor, DateTimeOffset at)
    {
        var before = _state.State.Cycle;
        _state.State.Cycle = next;
        var approvalBefore = before?.ApprovalNumber ?? 0;
        if (next.ApprovalNumber != approvalBefore)
            RollUpAgainst(next.ApprovalNumber);
        _state.State.Outbox.Add(new AuditEntry(Key, next.Version, 0, at, editor.User, editor.Department, command, field, oldValue, newValue));
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            _state.State.Cycle = before;
            _state.State.Outbox.RemoveAt(_state.State.Outbox.Count - 1);
            if (next.ApprovalNumber != approvalBefore)
                RollUpAgainst(approvalBefore);
            _summary = null;
            throw;
        }
        await CopyOutboxAsync();
        _version = Versions.Next(_version, _clock);
        await _push.PushAsync();
        return CommandResult.Ok(next.Version);
    }

    private async Task CopyOutboxAsync()
    {
        if (_state.State.Outbox.Count == 0)
            return;
        try
        {
            await _audit.AppendAsync([.. _state.State.Outbox]);
            _state.State.Outbox.Clear();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "Could not copy the cycle's audit entries of {Department}; they stay in the outbox.", Key);
        }
    }

    private Dictionary<string, long> ProgrammingVersions() => _rollUp.Children.ToDictionary(a => a.Key, a => a.ProgrammingVersion, StringComparer.Ordinal);

    private static CommandError? Stale(DepartmentCycle cycle, CommandContext context) =>
        context.ExpectedVersion is { } seen && seen != cycle.Version
            ? new CommandError(ErrorCodes.Conflict,
                $"The POA's status changed to {cycle.Status} at version {cycle.Version}, after version {seen} that you saw. Read it again and decide.",
                "status", cycle.Version, cycle.Status.ToString())
            : null;

    private static CommandError Invalid(string field, string message) => new(ErrorCodes.Validation, message, field);

    /// <summary>The mutation that makes a transition (the audit trail's command).</summary>
    public static string CommandName(CycleTransition transition) => transition switch
    {
        CycleTransition.Submit => "submitPoa",
        CycleTransition.TakeForReview => "reviewPoa",
        CycleTransition.Return => "returnPoa",
        CycleTransition.Approve => "approvePoa",
        CycleTransition.Reopen => "reopenPoa",
        _ => "importPoa",
    };

    private async Task<long> PushSummaryAsync()
    {
        var summary = BuildSummary();
        await GrainFactory.Grain<IPoaGrain>(PoaKeys.Parent(Key)).ReportDepartmentAsync(summary);
        return summary.Version;
    }

    /// <summary>Loads the roll-up once per activation: from the snapshot when there is one (no action is activated; they
    /// are asked in the background, see <see cref="TakeValidated"/>), otherwise from the action grains, as a department
    /// stored before snapshots existed does once.</summary>
    private async Task LoadAsync(string? exceptKey)
    {
        var keys = _state.State.ActionKeys;
        if (_snapshot.RecordExists)
        {
            foreach (var summary in _snapshot.State.Actions)
            {
                // Membership is the truth: an action deleted after the snapshot was written is not taken.
                if (!summary.Deleted && keys.Contains(summary.Key) && !_rollUp.Set(summary.Key, summary))
                    LogOverflow(summary.Key);
            }
            // The roll-up holds what it took; the snapshot is written afresh from the roll-up.
            _snapshot.State.Actions = [];
            _validation.Start(ValidationDelay);
        }
        else
        {
            var asked = keys.Where(k => k != exceptKey).ToArray();
            var summaries = await Task.WhenAll(asked.Select(k => GrainFactory.Grain<IActionGrain>(k).GetSummaryAsync()));
            foreach (var summary in summaries)
            {
                if (summary is { Deleted: false } && !SetChild(summary.Key, summary))
                    LogOverflow(summary.Key);
            }
        }
        _version = Versions.Next(_version, _clock);
        // The POA may hold an older summary of this department (a push lost before this activation). It reads every
        // department when it rebuilds or validates, which acknowledges; a change pushes anyway; otherwise this pushes
        // once, shortly.
        _push.Schedule(TimeSpan.FromSeconds(1));
    }

    /// <summary>How long after the validation shared an action's summary the department pushes its own (rebuilt, same
    /// version) to the POA: one push once the validation has gone through its actions.</summary>
    private static readonly TimeSpan SharePushDelay = TimeSpan.FromSeconds(1);

    /// <summary>How long after activation from a snapshot the actions are asked (the first query goes first).</summary>
    public static readonly TimeSpan ValidationDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>True when <paramref name="summary"/> is newer than what the roll-up holds of its action.</summary>
    private bool Newer(ActionSummary summary) =>
        _rollUp.Get(summary.Key) is { } old ? old.Version < summary.Version : !summary.Deleted;

    /// <summary>An action's answer to the validation: kept when newer than what the snapshot gave.</summary>
    private bool TakeValidated(string key, ActionSummary? summary)
    {
        if (summary is null || !_state.State.ActionKeys.Contains(key))
            return false;
        if (!Newer(summary))
        {
            // The same version: hold the action's own summary instead of the snapshot's copy (one in memory, not two),
            // and push the department's summary built on it, so that the POA lets go of the copies too.
            if (!summary.Deleted && _rollUp.Share(key, summary, a => a.Version))
            {
                (_findings, _summary, _view) = (null, null, null);
                if (!_push.IsPending)
                    _push.Schedule(SharePushDelay);
            }
            return false;
        }
        if (SetChild(key, summary.Deleted ? null : summary))
            return true;
        LogOverflow(key);
        return false;
    }

    /// <summary>The validation changed the roll-up: a new version, pushed to the POA by the push's own timer (the
    /// validation interleaves with requests; the timer does not).</summary>
    private void OnValidated()
    {
        _version = Versions.Next(_version, _clock);
        _push.Schedule(TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Every change of the roll-up goes through here: the findings list is rebuilt only when findings changed,
    /// and the snapshot is written within <see cref="RollUpSnapshotWriter.Delay"/>.</summary>
    private bool SetChild(string key, ActionSummary? summary)
    {
        var old = _rollUp.Get(key);
        if (!_rollUp.Set(key, summary))
            return false;
        var findingsBefore = old?.Findings ?? [];
        var findingsAfter = summary?.Findings ?? [];
        if (old?.Number != summary?.Number ? findingsBefore.Count + findingsAfter.Count > 0 : !findingsBefore.SequenceEqual(findingsAfter))
            _findings = null;
        _snapshotWriter.Changed();
        return true;
    }

    private async Task WriteSnapshotAsync()
    {
        _snapshot.State = new DepartmentRollUp { Actions = [.. _rollUp.Children], WrittenAt = _clock.GetUtcNow() };
        await _snapshot.WriteStateAsync();
    }

    private DepartmentSummary BuildSummary()
    {
        if (_summary is { } built && built.Version == _version)
            return built;
        _findings ??= [.. _state.State.DocumentFindings, .. _rollUp.Ordered.SelectMany(a => a.Findings)];
        var totals = _rollUp.Totals;
        // Each action's figures count its own problems; the document's are added once here.
        return _summary = new DepartmentSummary(Key, _version, DisplayName, totals with { Findings = totals.Findings + _state.State.DocumentFindings.Problems().Count() },
            _rollUp.ByAxis, _rollUp.ByChapter, _findings, Cycle, _rollUp.BySource);
    }

    private void LogOverflow(string actionKey) =>
        _logger.LogError("The figures of {Action} overflow the roll-up of {Department} (values stored before the ranges of PoaRules); correct them with an update.", actionKey, Key);
}
