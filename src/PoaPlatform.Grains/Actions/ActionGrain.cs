using Microsoft.Extensions.Logging;
using PoaPlatform.Domain.Consolidation;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Grains.Audit;
using PoaPlatform.Grains.Consolidation;

namespace PoaPlatform.Grains.Actions;

/// <summary>Owns one action's programming and progress. Each command computes the action after it; the paths that
/// differ are checked against the editor's version, versioned and audited, and written once with the audit entries;
/// then the summary is pushed to the department (and retried in the background if that fails).</summary>
[GrainType("action")]
public sealed class ActionGrain : Grain, IActionGrain
{
    private readonly IPersistentState<ActionState> _state;
    private readonly IAuditSink _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<ActionGrain> _logger;
    private readonly TrafficLightThresholds _thresholds;
    private readonly ParentPush _push;
    private ActionSummary? _summary;
    private readonly ProgrammingCache _programmingCache = new();

    public ActionGrain(
        [PersistentState(PoaStorage.ActionState, PoaStorage.Provider)] IPersistentState<ActionState> state,
        IAuditSink audit,
        TimeProvider clock,
        TrafficLightThresholds thresholds,
        ILogger<ActionGrain> logger)
    {
        _state = state;
        _audit = audit;
        _clock = clock;
        _thresholds = thresholds;
        _logger = logger;
        _push = new ParentPush(this, PushSummaryAsync, logger);
    }

    private ActionState State => _state.State;

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Upgrade() is { Count: > 0 } unknown)
            _logger.LogWarning("Action {Action} was stored with field names this version does not know: {Fields}.", Key, string.Join(", ", unknown));
        _push.Acknowledge(State.AcknowledgedVersion);
        if (State.Version > 0)
        {
            Summarize();
            // The department may not hold the newest version (the push after the last write may have been lost). It
            // reads every action when it rebuilds, which acknowledges; otherwise this pushes once, shortly.
            if (State.AcknowledgedVersion < State.Version)
                _push.Schedule(TimeSpan.FromSeconds(1));
        }
        // Entries left by a write whose copy to the audit table failed are copied now.
        await CopyOutboxAsync(cancellationToken);
    }

    public Task<ActionSnapshot?> GetAsync() => Task.FromResult(State.Snapshot(Key, _summary?.Findings ?? []));

    public Task<ActionSummary?> GetSummaryAsync()
    {
        // Only the department reads this: what it reads, it holds.
        if (_summary is not null)
            _push.Acknowledge(_summary.Version);
        return Task.FromResult(_summary);
    }

    public async Task<CommandResult> ExecuteAsync(ActionCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        if (context.ClientMutationId is { } clientId && State.RecentCommands.Find(r => r.ClientMutationId == clientId) is { } first)
            return first.Result;
        if (context.ExpectedVersion is { } seen && (seen > State.Version || seen < 0))
        {
            return CommandResult.Fail(State.Version, Invalid("expectedVersion",
                $"Version {seen} is not a version of this action (current version {State.Version}); read the action again and retry."));
        }

        // The department says whether the programming may change (the year's cycle) and which months are still open.
        var rules = await GrainFactory.Grain<IDepartmentGrain>(PoaKeys.Parent(Key)).GetRulesAsync();
        var (after, activityId, error) = Run(command, State.Content, rules, context);
        if (error is not null)
            return CommandResult.Fail(State.Version, error);
        var changed = ActionContent.Differences(State.Content, after!);
        // The first change of the programming after an approval keeps the programming as approved: the baseline.
        if (rules.ApprovalNumber > State.Content.BaselineApproval && State.Content.Action is { } approved &&
            changed.Any(p => p.IsProgramming))
            after = after! with { Baseline = approved, BaselineApproval = rules.ApprovalNumber };
        // A command whose effect is already there (a retry of a write that succeeded, or the same value twice) is done.
        if (changed.Count == 0)
            return CommandResult.Ok(State.Version, activityId);
        if (context.ExpectedVersion is { } expected && Conflict(expected, changed) is { } conflict)
            return CommandResult.Fail(State.Version, conflict);
        // An authorised request changes the programming as the requester saw it: a path another change moved since
        // (an earlier request) conflicts, one it does not touch (progress reported meanwhile) is left as it is.
        if (command is DecideModification { Authorize: true } decision && State.Content.Request(decision.RequestId) is { } asked &&
            Conflict(asked.ExpectedVersion, [.. changed.Where(p => p.Kind != FieldKind.Request)]) is { } moved)
            return CommandResult.Fail(State.Version, moved);
        // A new action takes a place in its department (and the department one in its POA): both are bounded.
        if (!State.Content.Exists && after!.Exists &&
            await GrainFactory.Grain<IDepartmentGrain>(PoaKeys.Parent(Key)).AdmitActionAsync(Key) is { } refused)
            return CommandResult.Fail(State.Version, refused);

        var result = CommandResult.Ok(State.Version + 1, activityId);
        await CommitAsync(command.Name, context, after!, changed, result);
        // The change is durable: nothing after this point may fail the command (the push is retried on its own).
        Summarize();
        await CopyOutboxAsync(CancellationToken.None);
        await _push.PushAsync();
        return result;
    }

    /// <summary>A command under the year's rules: programming only while the department captures it (or through an
    /// authorised modification request), progress only in open months and, far from target, with a note.</summary>
    private (ActionContent? After, int? ActivityId, CommandError? Error) Run(ActionCommand command, ActionContent content, DepartmentRules rules, CommandContext context)
    {
        switch (command)
        {
            case ReportProgress report:
                if (Month.IsValid(report.Progress.Month) && !rules.MonthOpen(report.Progress.Month, _clock.GetUtcNow()))
                {
                    return (null, null, new CommandError(ErrorCodes.MonthClosed,
                        $"The progress of {Month.Name(report.Progress.Month)} closed on {rules.Calendar.CutOff(report.Progress.Month):yyyy-MM-dd}; a planner reopens the month for this department to accept a late report.",
                        "month"));
                }
                var reported = Apply(command, content);
                if (reported.Error is null && RedWithoutNote(reported.After!, report))
                {
                    return (null, null, new CommandError(ErrorCodes.Validation,
                        $"What activity {report.ActivityId} achieved in {Month.Name(report.Progress.Month)} is far from what was programmed (red light): explain the deviation in the note.",
                        "note"));
                }
                return reported;
            case RequestModification request:
                return Request(request, content, rules, context);
            case DecideModification decision:
                return Decide(decision, content, rules, context);
            default:
                if (!CycleRules.ProgrammingEditable(rules.Status))
                {
                    return (null, null, new CommandError(ErrorCodes.Locked, rules.Status == CycleStatus.Aprobado
                        ? $"The POA of {PoaKeys.Leaf(PoaKeys.Parent(Key))} is approved: its programming changes only through a modification request (requestModification), which the planning unit authorises."
                        : $"The POA of {PoaKeys.Leaf(PoaKeys.Parent(Key))} is {rules.Status}: its programming is read-only until the planning unit returns or approves it.",
                        CurrentValue: rules.Status.ToString()));
                }
                return Apply(command, content);
        }
    }

    private bool RedWithoutNote(ActionContent after, ReportProgress report)
    {
        if (!report.Progress.IsEmpty && string.IsNullOrWhiteSpace(report.Progress.Note) && after.Activity(report.ActivityId) is { } activity)
        {
            // The month as reported against the month as programmed: what the office explains is this report.
            var month = report.Progress.Month;
            return Compliance.Of(activity.Monthly.OfMonth(month), report.Progress.Achieved, _thresholds, activity.Sheet.DirectionOrDefault).Light == TrafficLight.Red;
        }
        return false;
    }

    /// <summary>A new request: its changes must be valid on the action as it is, and change no closed month.</summary>
    private (ActionContent?, int?, CommandError?) Request(RequestModification request, ActionContent content, DepartmentRules rules, CommandContext context)
    {
        if (!content.Exists)
            return (null, null, NotFound($"Action {Key} does not exist."));
        if (rules.Status != CycleStatus.Aprobado)
            return (null, null, new CommandError(ErrorCodes.InvalidTransition, $"Modification requests are for an approved POA; this one is {rules.Status}: change the programming directly.", CurrentValue: rules.Status.ToString()));
        if (string.IsNullOrWhiteSpace(request.Justification))
            return (null, null, Invalid("justification", "A modification request needs its justification."));
        if (PoaRules.Text("justification", request.Justification, PoaRules.MaxTextLength) is { } badJustification)
            return (null, null, Invalid(badJustification));
        if (request.Changes.Count == 0)
            return (null, null, Invalid("changes", "Say what the request changes."));
        var (_, _, invalid) = ApplyChanges(request.Changes, content, rules);
        if (invalid is not null)
            return (null, null, invalid);
        var id = content.RequestList.Count == 0 ? 1 : content.RequestList.Max(r => r.Id) + 1;
        var created = new ModificationRequest(id, request.Kind, request.Justification.Trim(), request.Changes,
            context.ExpectedVersion ?? State.Version, context.Editor.User, _clock.GetUtcNow(), ModificationStatus.Pending);
        return (content.WithRequest(created), null, null);
    }

    /// <summary>The planning unit's decision; authorised, the changes are applied in this same command.</summary>
    private (ActionContent?, int?, CommandError?) Decide(DecideModification decision, ActionContent content, DepartmentRules rules, CommandContext context)
    {
        if (content.Request(decision.RequestId) is not { } request)
            return (null, null, NotFound($"Action {Key} has no modification request {decision.RequestId}."));
        if (request.Status != ModificationStatus.Pending)
        {
            return (null, null, new CommandError(ErrorCodes.InvalidTransition, $"Request {request.Id} was {request.Status.ToString().ToLowerInvariant()} already.",
                CurrentValue: request.Status.ToString()));
        }
        if (!decision.Authorize && string.IsNullOrWhiteSpace(decision.Comment))
            return (null, null, Invalid("comment", "Say why the request is rejected."));
        if (decision.Comment is not null && PoaRules.Text("comment", decision.Comment, PoaRules.MaxTextLength) is { } badComment)
            return (null, null, Invalid(badComment));
        var decided = request with
        {
            Status = decision.Authorize ? ModificationStatus.Authorized : ModificationStatus.Rejected,
            DecidedBy = context.Editor.User,
            DecidedAt = _clock.GetUtcNow(),
            Comment = string.IsNullOrWhiteSpace(decision.Comment) ? null : decision.Comment.Trim(),
        };
        if (!decision.Authorize)
            return (content.WithRequest(decided), null, null);
        var (applied, activityId, error) = ApplyChanges(request.Changes, content, rules);
        return error is null ? (applied!.WithRequest(decided), activityId, null) : (null, null, error);
    }

    /// <summary>The changes of a request, in order, past the lock but never into a closed month: closed for targets
    /// once its cut-off passed, even while reopened for late reports. A new activity carries no target in a closed
    /// month; a cancelled one keeps its past (see <see cref="Cancel"/>).</summary>
    private (ActionContent?, int?, CommandError?) ApplyChanges(IReadOnlyList<ActionCommand> changes, ActionContent content, DepartmentRules rules)
    {
        var now = _clock.GetUtcNow();
        int? activityId = null;
        foreach (var change in changes)
        {
            if (change is not (UpdateAction or UpdateActivity or SetMonthlyTargets or AddActivity or RemoveActivity))
                return (null, null, Invalid("changes", $"A modification request changes targets, investments and activities; {change.Name} is not one of them."));
            if (change is SetMonthlyTargets targets && targets.Targets.FirstOrDefault(t => Month.IsValid(t.Month) && !rules.TargetsOpen(t.Month, now)) is { } closed)
                return (null, null, new CommandError(ErrorCodes.MonthClosed, $"{Month.Name(closed.Month)} is closed: the targets of closed months never change.", "targets"));
            if (change is AddActivity add && Enumerable.Range(1, 12).FirstOrDefault(m => !rules.TargetsOpen(m, now) && add.Activity.Monthly.OfMonth(m) != 0) is > 0 and var closedMonth)
            {
                return (null, null, new CommandError(ErrorCodes.MonthClosed,
                    $"{Month.Name(closedMonth)} is closed: a new activity has no target in a closed month (leave it at 0).", "targets"));
            }
            var (after, id, error) = change is RemoveActivity remove ? Cancel(remove.ActivityId, content, rules, now) : Apply(change, content);
            if (error is not null)
                return (null, null, error);
            (content, activityId) = (after!, id ?? activityId);
        }
        return (content, activityId, null);
    }

    /// <summary>A cancellation by request keeps what is past: the activity's targets of the months still open become
    /// 0, its closed months' targets and its progress stay. Only an activity with nothing past (no target in a closed
    /// month, no progress) is removed.</summary>
    private (ActionContent?, int?, CommandError?) Cancel(int activityId, ActionContent content, DepartmentRules rules, DateTimeOffset now)
    {
        if (content.Activity(activityId) is not { } activity)
            return (null, null, MissingActivity(content, activityId));
        var months = Enumerable.Range(1, 12).ToLookup(m => rules.TargetsOpen(m, now));
        var hasPast = months[false].Any(m => activity.Monthly.OfMonth(m) != 0) || content.ProgressOf(activityId) is { Months.Count: > 0 };
        if (hasPast && !months[true].Any())
            return (null, null, new CommandError(ErrorCodes.MonthClosed, $"Every month is closed: activity {activityId} has nothing left to cancel.", "changes"));
        return hasPast
            ? Apply(new SetMonthlyTargets(activityId, [.. months[true].Select(m => new MonthValue(m, 0))]), content)
            : Apply(new RemoveActivity(activityId), content);
    }

    /// <summary>The summary of the current content. Summing cannot overflow for values inside the ranges of PoaRules;
    /// for one stored before them the department keeps the previous summary, and the failure is logged.</summary>
    private void Summarize()
    {
        try
        {
            _summary = State.Summarize(Key, _programmingCache);
        }
        catch (OverflowException e)
        {
            _logger.LogError(e, "The figures of {Action} cannot be summed (values stored before the ranges of PoaRules); correct them with an update.", Key);
        }
    }

    /// <summary>The action after a command, the activity it created or changed, or why it cannot run.</summary>
    private (ActionContent? After, int? ActivityId, CommandError? Error) Apply(ActionCommand command, ActionContent content)
    {
        if (command is CreateAction or ImportAction && ActionNumberError(command) is { } wrongNumber)
            return (null, null, wrongNumber);
        if (command is not (CreateAction or ImportAction) && !content.Exists)
            return (null, null, NotFound($"Action {Key} does not exist; create it first."));

        switch (command)
        {
            case CreateAction create:
            {
                // Activities are numbered by the action, whatever ids they were sent with.
                var action = create.Action with { Activities = [.. create.Action.Activities.Select((a, i) => a with { Id = i + 1 })] };
                if (content.Exists && !Same(content.Action!, action))
                    return (null, null, new CommandError(ErrorCodes.AlreadyExists, $"Action {action.Number} exists already in {PoaKeys.Parent(Key)}; update it instead.", CurrentVersion: State.Version));
                return Valid(content.Exists ? content : content with { Action = action, Progress = [], NextActivityId = Math.Max(content.NextActivityId, action.Activities.Count + 1) });
            }
            case ImportAction import:
                return Valid(Import(content, import.Action));
            case UpdateAction update:
                return Valid(content with { Action = update.Update.ApplyTo(content.Action!) });
            case DeleteAction:
                return (content with { Action = null, Progress = [] }, null, null);
            case AddActivity add:
            {
                var activity = add.Activity with { Id = content.NextActivityId };
                if (activity.Id > FieldPath.MaxActivityId)
                    return (null, null, Invalid("activity", $"Action {Key} has used all {FieldPath.MaxActivityId} activity ids."));
                var added = content with
                {
                    Action = content.Action! with { Activities = [.. content.Action.Activities, activity] },
                    NextActivityId = content.NextActivityId + 1,
                };
                return Valid(added, activity.Id);
            }
            case UpdateActivity update:
                return WithActivity(content, update.ActivityId, activity => (update.Update.ApplyTo(activity), null));
            case RemoveActivity remove:
                return WithActivity(content, remove.ActivityId, _ => (null, null));
            case SetMonthlyTargets targets:
                if (PoaRules.Targets(targets.Targets) is { } badTargets)
                    return (null, null, Invalid(badTargets));
                return WithActivity(content, targets.ActivityId, activity =>
                {
                    var monthly = targets.Targets.Aggregate(activity.Monthly, (m, t) => m.With(t.Month, t.Value));
                    // The annual target follows the months when an editor sets them.
                    return (activity with { Monthly = monthly, AnnualTarget = monthly.Total }, null);
                });
            case ReportProgress report:
                if (PoaRules.Progress(report.Progress) is { } badReport)
                    return (null, null, Invalid(badReport));
                if (content.Activity(report.ActivityId) is null)
                    return (null, null, MissingActivity(content, report.ActivityId));
                var progress = (content.ProgressOf(report.ActivityId) ?? new ActivityProgress(report.ActivityId, [])).With(report.Progress);
                return (content.WithProgress(progress), report.ActivityId, null);
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, "Not a command of an action's content.");
        }

        (ActionContent?, int?, CommandError?) Valid(ActionContent after, int? activityId = null) =>
            PoaRules.Action(after.Action!) is { } violation ? (null, null, Invalid(violation)) : (after, activityId, null);

        (ActionContent?, int?, CommandError?) WithActivity(ActionContent current, int id, Func<Activity, (Activity? Changed, CommandError? Error)> change)
        {
            if (current.Activity(id) is not { } activity)
                return (null, null, MissingActivity(current, id));
            var (changedActivity, failure) = change(activity);
            if (failure is not null)
                return (null, null, failure);
            if (changedActivity is not null)
                return Valid(current.WithActivity(changedActivity), id);
            var removed = current with
            {
                Action = current.Action! with { Activities = [.. current.Action.Activities.Where(a => a.Id != id)] },
                Progress = [.. current.Progress.Where(p => p.ActivityId != id)],
            };
            return (removed, id, null);
        }
    }

    /// <summary>An imported action replaces the programming; the n-th imported activity takes the place (id and
    /// progress) of the n-th existing one, new ones get new ids, and activities beyond the import's go.</summary>
    private static ActionContent Import(ActionContent content, PoaAction imported)
    {
        var existing = content.Action?.Activities ?? [];
        var next = content.NextActivityId;
        var activities = imported.Activities.Select((a, i) => a with { Id = i < existing.Count ? existing[i].Id : next++ }).ToArray();
        var kept = activities.Select(a => a.Id).ToHashSet();
        var action = imported with { Activities = activities };
        // The same import again must leave the very same content, so that nothing differs.
        if (content.Action is { } current && Same(current, action))
            return content;
        return content with { Action = action, Progress = [.. content.Progress.Where(p => kept.Contains(p.ActivityId))], NextActivityId = next };
    }

    /// <summary>Records have reference equality for their lists; two actions are the same when no path differs.</summary>
    private static bool Same(PoaAction a, PoaAction b) =>
        ActionContent.Differences(new ActionContent(a, [], 1), new ActionContent(b, [], 1)).Count == 0;

    private CommandError? ActionNumberError(ActionCommand command)
    {
        var number = command is CreateAction create ? create.Action.Number : ((ImportAction)command).Action.Number;
        return number == PoaKeys.ActionNumber(Key) ? null : Invalid("number", $"The action number {number} does not match the action's key {Key}.");
    }

    private CommandError? Conflict(long expected, List<FieldPath> changed)
    {
        var conflicting = changed.Where(p => State.FieldVersions[p] > expected).ToList();
        if (conflicting.Count == 0)
            return null;
        var changedSince = State.FieldVersions.Where(f => f.Value > expected)
            .Select(f => new FieldChange(f.Key, f.Value, State.Content.Describe(f.Key)))
            .ToArray();
        var path = conflicting[0];
        return new CommandError(ErrorCodes.Conflict,
            $"{path} was changed at version {State.FieldVersions[path]}, after version {expected} that you saw. Review the current value and apply your change again.",
            path.ToString(), State.Version, State.Content.Describe(path), changedSince);
    }

    private static readonly FieldPath Existence = FieldPath.Of(FieldKind.Action);

    [ThreadStatic]
    private static System.Text.StringBuilder? t_wholeText;

    /// <summary>An action as the audit trail records its creation or deletion: its own line (number and name), then one
    /// line per path, <c>path: value</c>; null when it does not exist.</summary>
    private static string? Whole(ActionContent content, IEnumerable<FieldPath> paths)
    {
        if (!content.Exists)
            return null;
        // One builder per thread, kept (the text is made without awaiting): a creation's text is some 10,000 characters.
        var text = (t_wholeText ??= new System.Text.StringBuilder(16_384)).Clear().Append(content.Describe(Existence));
        foreach (var path in paths)
        {
            if (path != Existence && content.Describe(path) is { } value)
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n{path}: ").Append(value);
        }
        return text.ToString();
    }

    /// <summary>Versions and audits every changed path and writes the state once, with the audit entries in its outbox.
    /// Nothing in memory survives a failed write.</summary>
    private async Task CommitAsync(string command, CommandContext context, ActionContent after, List<FieldPath> changed, CommandResult result)
    {
        var before = (State.Version, State.Content, Versions: State.FieldVersions,
            OutboxCount: State.Outbox.Count, Recent: State.RecentCommands.ToList(), State.AcknowledgedVersion);
        var version = result.Version;
        var at = _clock.GetUtcNow();
        if (changed.Contains(Existence))
        {
            // Created (or deleted): one entry whose value is the whole action, path by path, instead of one entry per
            // path. An import creates some 170 paths per action; its audit trail reads one line per action.
            State.Outbox.Add(new AuditEntry(Key, version, 0, at, context.Editor.User, context.Editor.Department, command,
                Existence.ToString(), Whole(State.Content, changed), Whole(after, changed)));
        }
        else
        {
            for (var i = 0; i < changed.Count; i++)
            {
                var path = changed[i];
                State.Outbox.Add(new AuditEntry(Key, version, i, at, context.Editor.User, context.Editor.Department, command,
                    path.ToString(), State.Content.Describe(path), after.Describe(path)));
            }
        }
        State.FieldVersions = State.FieldVersions.With(changed, version);
        // A deleted action forgets its activities' versions: a re-created one starts its activities afresh.
        if (!after.Exists)
            State.FieldVersions = State.FieldVersions.Without(p => p.ActivityId is not null);
        State.Content = after;
        State.Version = version;
        State.AcknowledgedVersion = _push.Acknowledged;
        if (context.ClientMutationId is { } clientId)
        {
            State.RecentCommands.Add(new RecentCommand(clientId, result));
            if (State.RecentCommands.Count > ActionState.RecentCommandsKept)
                State.RecentCommands.RemoveAt(0);
        }

        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            (State.Version, State.Content, State.FieldVersions, State.RecentCommands, State.AcknowledgedVersion) =
                (before.Version, before.Content, before.Versions, before.Recent, before.AcknowledgedVersion);
            State.Outbox.RemoveRange(before.OutboxCount, State.Outbox.Count - before.OutboxCount);
            throw;
        }
    }

    private async Task<long> PushSummaryAsync()
    {
        var summary = _summary ?? State.Summarize(Key, _programmingCache);
        await GrainFactory.Grain<IDepartmentGrain>(PoaKeys.Parent(Key)).ReportActionAsync(summary);
        return summary.Version;
    }

    private async Task CopyOutboxAsync(CancellationToken cancellationToken)
    {
        var pending = State.Outbox.Count;
        if (pending == 0)
            return;
        try
        {
            await _audit.AppendAsync(State.Outbox.ToArray(), cancellationToken);
            // Copied entries leave memory at once (an import's are most of an idle action's heap). The stored row keeps
            // them until the next write replaces it; copying them again after a reactivation is idempotent.
            State.Outbox.Clear();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The entries stay in the outbox, stored with the state, and are copied at the next command or activation.
            _logger.LogWarning(e, "Could not copy {Count} audit entries of {Action}; they stay in the outbox.", pending, Key);
        }
    }

    private CommandError MissingActivity(ActionContent content, int id) =>
        NotFound($"Action {Key} has no activity {id}; its activities are {string.Join(", ", content.Action!.Activities.Select(a => a.Id))}.");

    private static CommandError NotFound(string message) => new(ErrorCodes.NotFound, message);

    private static CommandError Invalid(RuleViolation violation) => new(ErrorCodes.Validation, violation.Message, violation.Field);

    private static CommandError Invalid(string field, string message) => new(ErrorCodes.Validation, message, field);
}
