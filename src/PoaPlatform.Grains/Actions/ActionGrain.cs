using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using PoaPlatform.Grains.Audit;

namespace PoaPlatform.Grains.Actions;

/// <summary>Owns one action's programming and progress. One durable write per command; the summary is pushed to the
/// department before the command returns, so the department and city views already show the change.</summary>
public sealed class ActionGrain(
    [PersistentState(PoaStorage.ActionState, PoaStorage.Provider)] IPersistentState<ActionState> state,
    DeepCopier<ActionState> copier,
    IAuditSink audit,
    TimeProvider clock,
    ILogger<ActionGrain> logger) : Grain, IActionGrain
{
    private ActionSummary? _summary;

    private ActionState State => state.State;

    private string Key => this.GetPrimaryKeyString();

    private string DepartmentKey => PoaKeys.Parent(Key);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _summary = State.Exists || State.Version > 0 ? BuildSummary() : null;
        // Entries left by a write whose copy to the audit table failed are copied now.
        await CopyOutboxAsync(cancellationToken);
    }

    public Task<ActionSnapshot?> GetAsync() => Task.FromResult(State.Exists ? BuildSnapshot() : null);

    public Task<ActionSummary?> GetSummaryAsync() => Task.FromResult(_summary);

    public Task<CommandResult> CreateAsync(ActionFields fields, IReadOnlyList<Activity> activities, Editor editor) =>
        ExecuteAsync("createAction", editor, expectedVersion: null, touches: _ => false, changes =>
        {
            if (State.Exists)
                return new CommandError(ErrorCodes.AlreadyExists, $"Action {fields.Number} exists already in {DepartmentKey}; update it instead.", CurrentVersion: State.Version);
            if (ActionValidation.Fields(fields, PoaKeys.ActionNumber(Key)) is { } invalid)
                return invalid;
            if (activities.Select(ActionValidation.Activity).FirstOrDefault(e => e is not null) is { } invalidActivity)
                return invalidActivity;
            SetFields(fields, changes);
            changes.Touch(FieldNames.Action);
            foreach (var activity in activities)
                AddActivity(activity, changes);
            return null;
        });

    public Task<CommandResult> UpdateAsync(ActionFieldsUpdate update, long expectedVersion, Editor editor) =>
        ExecuteAsync("updateAction", editor, expectedVersion, touches: field => TouchedByUpdate(update, field), changes =>
        {
            if (RequireAction() is { } missing)
                return missing;
            if (ActionValidation.Update(update) is { } invalid)
                return invalid;
            var f = State.Fields!;
            SetFields(f with
            {
                Name = update.Name ?? f.Name,
                Axes = update.Axes ?? f.Axes,
                Goal = update.Goal ?? f.Goal,
                Objective = update.Objective ?? f.Objective,
                Strategy = update.Strategy ?? f.Strategy,
                Purpose = update.Purpose ?? f.Purpose,
                Beneficiaries = update.Beneficiaries ?? f.Beneficiaries,
                Investment = update.Investment ?? f.Investment,
                BudgetItems = update.BudgetItems ?? f.BudgetItems,
            }, changes);
            return null;
        });

    public Task<CommandResult> DeleteAsync(long expectedVersion, Editor editor) =>
        ExecuteAsync("deleteAction", editor, expectedVersion, touches: _ => true, changes =>
        {
            if (RequireAction() is { } missing)
                return missing;
            foreach (var activity in State.Activities.ToArray())
                RemoveActivity(activity, changes);
            foreach (var field in TopLevelFields)
                changes.Touch(field);
            changes.Touch(FieldNames.Action);
            State.Fields = null;
            return null;
        });

    public Task<CommandResult> AddActivityAsync(Activity activity, long expectedVersion, Editor editor) =>
        ExecuteAsync("addActivity", editor, expectedVersion, touches: _ => false, changes =>
        {
            if (RequireAction() is { } missing)
                return missing;
            if (ActionValidation.Activity(activity) is { } invalid)
                return invalid;
            changes.ActivityId = AddActivity(activity, changes);
            return null;
        });

    public Task<CommandResult> UpdateActivityAsync(int activityId, ActivityUpdate update, long expectedVersion, Editor editor) =>
        ExecuteAsync("updateActivity", editor, expectedVersion, touches: field => ActivityFieldsOf(update, activityId).Contains(field), changes =>
        {
            if (RequireActivity(activityId) is { } missing)
                return missing;
            if (ActionValidation.ActivityUpdate(update) is { } invalid)
                return invalid;
            var activity = State.Activity(activityId)!;
            var p = activity.Programming;
            activity.Programming = p with
            {
                Description = update.Description ?? p.Description,
                ResponsibleArea = update.ResponsibleArea ?? p.ResponsibleArea,
                Unit = update.Unit ?? p.Unit,
                Indicator = update.Indicator ?? p.Indicator,
                Investment = update.Investment ?? p.Investment,
            };
            foreach (var field in ActivityFieldsOf(update, activityId))
                changes.Touch(field);
            changes.ActivityId = activityId;
            return null;
        });

    public Task<CommandResult> RemoveActivityAsync(int activityId, long expectedVersion, Editor editor) =>
        ExecuteAsync("removeActivity", editor, expectedVersion, touches: field => IsOfActivity(field, activityId), changes =>
        {
            if (RequireActivity(activityId) is { } missing)
                return missing;
            RemoveActivity(State.Activity(activityId)!, changes);
            changes.ActivityId = activityId;
            return null;
        });

    public Task<CommandResult> SetMonthlyTargetsAsync(int activityId, IReadOnlyList<MonthValue> targets, long expectedVersion, Editor editor) =>
        ExecuteAsync("setMonthlyTargets", editor, expectedVersion,
            touches: field => targets.Any(t => field == FieldNames.Target(activityId, t.Month)) || field == FieldNames.ActivityField(activityId, "annualTarget"),
            changes =>
            {
                if (RequireActivity(activityId) is { } missing)
                    return missing;
                if (ActionValidation.Targets(targets) is { } invalid)
                    return invalid;
                var activity = State.Activity(activityId)!;
                var monthly = activity.Programming.Monthly;
                foreach (var target in targets)
                {
                    monthly = monthly.With(target.Month, target.Value);
                    changes.Touch(FieldNames.Target(activityId, target.Month));
                }
                // The annual target follows the months when an editor sets them.
                activity.Programming = activity.Programming with { Monthly = monthly, AnnualTarget = monthly.Total };
                changes.Touch(FieldNames.ActivityField(activityId, "annualTarget"));
                changes.ActivityId = activityId;
                return null;
            });

    public Task<CommandResult> ReportProgressAsync(int activityId, ProgressReport report, long expectedVersion, Editor editor) =>
        ExecuteAsync("reportProgress", editor, expectedVersion, touches: field => field == FieldNames.Progress(activityId, report.Month), changes =>
        {
            if (RequireActivity(activityId) is { } missing)
                return missing;
            if (ActionValidation.Progress(report) is { } invalid)
                return invalid;
            var activity = State.Activity(activityId)!;
            var i = report.Month - 1;
            activity.Achieved[i] = report.Achieved;
            activity.Spent[i] = report.Spent;
            activity.Notes[i] = string.IsNullOrWhiteSpace(report.Note) ? null : report.Note;
            changes.Touch(FieldNames.Progress(activityId, report.Month));
            changes.ActivityId = activityId;
            return null;
        });

    public Task<CommandResult> ImportAsync(PoaAction action, Editor editor) =>
        ExecuteAsync("importPoa", editor, expectedVersion: null, touches: _ => false, changes =>
        {
            var fields = ActionFields.Of(action);
            if (fields.Number != PoaKeys.ActionNumber(Key))
                return ActionValidation.Invalid("number", $"Action {fields.Number} cannot be imported into {Key}.");
            if (!State.Exists)
                changes.Touch(FieldNames.Action);
            SetFields(fields, changes);
            // Activities are matched by position: the n-th imported activity updates the n-th one, keeping its progress.
            var existing = State.Activities.ToArray();
            for (var i = 0; i < Math.Max(existing.Length, action.Activities.Count); i++)
            {
                if (i >= action.Activities.Count)
                    RemoveActivity(existing[i], changes);
                else if (i >= existing.Length)
                    AddActivity(action.Activities[i], changes);
                else
                    ReplaceProgramming(existing[i], action.Activities[i], changes);
            }
            return null;
        });

    private static readonly string[] TopLevelFields =
    [
        FieldNames.Name, FieldNames.Axes, FieldNames.Goal, FieldNames.Objective, FieldNames.Strategy,
        FieldNames.Purpose, FieldNames.Beneficiaries, FieldNames.Investment, FieldNames.BudgetItems,
    ];

    private static readonly string[] ActivityFields = ["description", "responsibleArea", "unit", "indicator", "investment", "annualTarget"];

    /// <summary>The skeleton every command runs in: check versions, apply, keep only real changes, write once,
    /// copy the audit outbox, push the summary up. Nothing in memory survives a failed write.</summary>
    private async Task<CommandResult> ExecuteAsync(string command, Editor editor, long? expectedVersion,
        Func<string, bool> touches, Func<Changes, CommandError?> apply)
    {
        if (expectedVersion is { } expected)
        {
            if (expected > State.Version || expected < 0)
                return CommandResult.Fail(State.Version, ActionValidation.Invalid("expectedVersion",
                    $"Version {expected} is not a version of this action (current version {State.Version}); read the action again and retry."));
            if (Conflict(expected, touches) is { } conflict)
                return CommandResult.Fail(State.Version, conflict);
        }

        var before = copier.Copy(State);
        var changes = new Changes();
        var error = apply(changes);
        // A field counts as changed when its rendering differs: rewriting the same value is no change (and no audit).
        var changed = error is null
            ? changes.Fields.Select(f => (Field: f, Old: ActionFieldValues.Describe(before, f), New: ActionFieldValues.Describe(State, f)))
                .Where(c => c.Old != c.New).ToArray()
            : [];
        if (error is not null || changed.Length == 0)
        {
            state.State = before;
            return error is null ? CommandResult.Ok(State.Version, changes.ActivityId) : CommandResult.Fail(State.Version, error);
        }

        var version = State.Version + 1;
        var at = clock.GetUtcNow();
        State.Version = version;
        for (var i = 0; i < changed.Length; i++)
        {
            var (field, oldValue, newValue) = changed[i];
            State.FieldVersions[field] = version;
            State.Outbox.Add(new AuditEntry(Key, version, i, at, editor.User, editor.Department, command, field, oldValue, newValue));
        }
        ForgetRemovedActivities();

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory must never run ahead of storage: the command did not happen.
            state.State = before;
            throw;
        }

        _summary = BuildSummary();
        await CopyOutboxAsync(CancellationToken.None);
        await PushSummaryAsync();
        return CommandResult.Ok(version, changes.ActivityId);
    }

    private CommandError? Conflict(long expected, Func<string, bool> touches)
    {
        var conflicting = State.FieldVersions.Where(f => f.Value > expected && touches(f.Key)).Select(f => f.Key).Order(StringComparer.Ordinal).ToArray();
        if (conflicting.Length == 0)
            return null;
        var changedSince = State.FieldVersions.Where(f => f.Value > expected)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new FieldChange(f.Key, f.Value, ActionFieldValues.Describe(State, f.Key)))
            .ToArray();
        var field = conflicting[0];
        return new CommandError(ErrorCodes.Conflict,
            $"{field} was changed at version {State.FieldVersions[field]}, after version {expected} that you saw. Review the current value and apply your change again.",
            field, State.Version, ActionFieldValues.Describe(State, field), changedSince);
    }

    private static bool TouchedByUpdate(ActionFieldsUpdate update, string field) => field switch
    {
        FieldNames.Name => update.Name is not null,
        FieldNames.Axes => update.Axes is not null,
        FieldNames.Goal => update.Goal is not null,
        FieldNames.Objective => update.Objective is not null,
        FieldNames.Strategy => update.Strategy is not null,
        FieldNames.Purpose => update.Purpose is not null,
        FieldNames.Beneficiaries => update.Beneficiaries is not null,
        FieldNames.Investment => update.Investment is not null,
        FieldNames.BudgetItems => update.BudgetItems is not null,
        _ => false,
    };

    private static string[] ActivityFieldsOf(ActivityUpdate update, int id) =>
        new (string Name, object? Value)[]
        {
            ("description", update.Description), ("responsibleArea", update.ResponsibleArea), ("unit", update.Unit),
            ("indicator", update.Indicator), ("investment", update.Investment),
        }.Where(f => f.Value is not null).Select(f => FieldNames.ActivityField(id, f.Name)).ToArray();

    private static bool IsOfActivity(string field, int id) =>
        field == FieldNames.Activity(id) || field.StartsWith(FieldNames.ActivityPrefix(id), StringComparison.Ordinal);

    private void SetFields(ActionFields fields, Changes changes)
    {
        State.Fields = fields;
        foreach (var field in TopLevelFields)
            changes.Touch(field);
    }

    private int AddActivity(Activity programming, Changes changes)
    {
        var id = State.NextActivityId++;
        State.Activities.Add(new ActivityState { Id = id, Programming = programming });
        changes.Touch(FieldNames.Activity(id));
        TouchProgramming(id, changes);
        return id;
    }

    private static void ReplaceProgramming(ActivityState activity, Activity programming, Changes changes)
    {
        activity.Programming = programming;
        TouchProgramming(activity.Id, changes);
    }

    private static void TouchProgramming(int id, Changes changes)
    {
        foreach (var field in ActivityFields)
            changes.Touch(FieldNames.ActivityField(id, field));
        for (var month = 1; month <= 12; month++)
            changes.Touch(FieldNames.Target(id, month));
    }

    private void RemoveActivity(ActivityState activity, Changes changes)
    {
        changes.Touch(FieldNames.Activity(activity.Id));
        TouchProgramming(activity.Id, changes);
        for (var month = 1; month <= 12; month++)
            changes.Touch(FieldNames.Progress(activity.Id, month));
        State.Activities.Remove(activity);
    }

    /// <summary>A removed activity's field versions are kept (a stale editor still conflicts) until the action goes.</summary>
    private void ForgetRemovedActivities()
    {
        if (State.Exists)
            return;
        foreach (var field in State.FieldVersions.Keys.Where(k => k.StartsWith("activity/", StringComparison.Ordinal)).ToArray())
            State.FieldVersions.Remove(field);
    }

    private CommandError? RequireAction() =>
        State.Exists ? null : ActionValidation.NotFound($"Action {Key} does not exist; create it first.");

    private CommandError? RequireActivity(int activityId) =>
        RequireAction() ?? (State.Activity(activityId) is null
            ? ActionValidation.NotFound($"Action {Key} has no activity {activityId}; its activities are {string.Join(", ", State.Activities.Select(a => a.Id))}.")
            : null);

    private async Task CopyOutboxAsync(CancellationToken cancellationToken)
    {
        var pending = State.Outbox.Count;
        if (pending == 0)
            return;
        try
        {
            await audit.AppendAsync(State.Outbox.ToArray(), cancellationToken);
            // Copied entries leave memory at once (an import's are most of an idle action's heap). The stored row keeps
            // them until the next write replaces it; copying them again after a reactivation is idempotent.
            State.Outbox.Clear();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The entries stay in the outbox, stored with the state, and are copied at the next command or activation.
            logger.LogWarning(e, "Could not copy {Count} audit entries of {Action}; they stay in the outbox.", pending, Key);
        }
    }

    private async Task PushSummaryAsync()
    {
        if (_summary is null)
            return;
        await GrainFactory.GetGrain<IDepartmentGrain>(DepartmentKey).ReportActionAsync(_summary);
    }

    private ActionSummary BuildSummary()
    {
        var fields = State.Fields;
        if (fields is null)
            return new ActionSummary(Key, State.Version, PoaKeys.ActionNumber(Key), "", [], [], Figures.Zero, [], Deleted: true);

        var programmed = MonthlyValues.Zero;
        var achieved = new decimal[12];
        var spent = new decimal[12];
        foreach (var activity in State.Activities)
        {
            programmed = programmed.Plus(activity.Programming.Monthly);
            for (var i = 0; i < 12; i++)
            {
                achieved[i] += activity.Achieved[i];
                spent[i] += activity.Spent[i];
            }
        }
        var findings = ConsistencyChecks.ForAction(ToModel(), department: PoaKeys.Leaf(DepartmentKey));
        var figures = new Figures(fields.Investment, fields.Beneficiaries.Men, fields.Beneficiaries.Women, fields.Beneficiaries,
            1, State.Activities.Count, programmed, new MonthlyValues(achieved), new MonthlyValues(spent), findings.Count);
        var chapters = fields.BudgetItems.Where(b => b.IsValid).Select(b => b.Chapter).Distinct().Order().ToArray();
        return new ActionSummary(Key, State.Version, fields.Number, fields.Name, fields.Axes.ToArray(), chapters, figures, findings, Deleted: false);
    }

    private PoaAction ToModel() => State.Fields!.WithActivities(State.Activities.Select(a => a.Programming).ToArray());

    private ActionSnapshot BuildSnapshot() => new(
        Key,
        State.Version,
        State.Fields!,
        State.Activities.Select(a => new ActivitySnapshot(
            a.Id,
            a.Programming,
            new MonthlyValues(a.Achieved),
            new MonthlyValues(a.Spent),
            Enumerable.Range(1, 12)
                .Where(m => State.FieldVersions.ContainsKey(FieldNames.Progress(a.Id, m)))
                .Select(m => new MonthProgress(m, a.Achieved[m - 1], a.Spent[m - 1], a.Notes[m - 1], State.FieldVersions[FieldNames.Progress(a.Id, m)]))
                .ToArray())).ToArray(),
        _summary?.Findings ?? [],
        new Dictionary<string, long>(State.FieldVersions, StringComparer.Ordinal));

    /// <summary>The fields one command touched, and the activity it created or changed.</summary>
    private sealed class Changes
    {
        private readonly HashSet<string> _fields = new(StringComparer.Ordinal);

        public IEnumerable<string> Fields => _fields;

        public int? ActivityId { get; set; }

        public void Touch(string field) => _fields.Add(field);
    }
}
