
namespace PoaPlatform.Grains.Actions;

/// <summary>The durable state of an action: its content, the version of each path, the audit outbox, the answers to
/// recent client mutation ids, and how far its department has acknowledged it.</summary>
[GenerateSerializer, Alias("poa.ActionState")]
public sealed class ActionState
{
    /// <summary>How many client mutation ids an action remembers.</summary>
    public const int RecentCommandsKept = 16;

    /// <summary>Grows by one per change, never reused, also across delete and re-create.</summary>
    [Id(0)] public long Version { get; set; }

    [Id(6)] public ActionContent Content { get; set; } = ActionContent.None;

    /// <summary>The version that last changed each path. A removed activity's paths stay (a stale editor still
    /// conflicts) until the action itself is deleted.</summary>
    [Id(7)] public Dictionary<FieldPath, long> FieldVersions { get; set; } = [];

    /// <summary>Audit entries stored atomically with the state and copied to the audit table after the write.</summary>
    [Id(5)] public List<AuditEntry> Outbox { get; set; } = [];

    /// <summary>The answers of the last commands sent with a client mutation id, oldest first.</summary>
    [Id(8)] public List<RecentCommand> RecentCommands { get; set; } = [];

    /// <summary>The newest version the department is known to hold (written with the next command, so it can lag:
    /// an activation then pushes once more, which the department ignores if it has it).</summary>
    [Id(9)] public long AcknowledgedVersion { get; set; }

    // Written by the code before field paths (7524ed1 and earlier); read once by Upgrade, never written again.
    [Id(1)] public LegacyActionFields? LegacyFields { get; set; }

    [Id(2)] public List<LegacyActivityState>? LegacyActivities { get; set; }

    [Id(3)] public Dictionary<string, long>? LegacyFieldVersions { get; set; }

    [Id(4)] public int LegacyNextActivityId { get; set; }

    /// <summary>Converts a row stored by the older code to this shape (in memory; it is written at the next command).</summary>
    /// <returns>Paths the old row named that no longer exist (none are expected).</returns>
    public IReadOnlyList<string> Upgrade()
    {
        if (LegacyFields is null && LegacyActivities is null && LegacyFieldVersions is null)
            return [];
        var activities = (LegacyActivities ?? []).Select(a => a.Programming with { Id = a.Id }).ToArray();
        var progress = (LegacyActivities ?? []).Select(a => a.ToProgress()).Where(p => p.Months.Count > 0).ToArray();
        Content = new ActionContent(LegacyFields?.ToAction(activities), progress, Math.Max(1, LegacyNextActivityId));
        var unknown = new List<string>();
        foreach (var (text, version) in LegacyFieldVersions ?? [])
        {
            if (FieldPath.TryParse(text, out var path))
                FieldVersions[path] = version;
            else
                unknown.Add(text);
        }
        (LegacyFields, LegacyActivities, LegacyFieldVersions, LegacyNextActivityId) = (null, null, null, 0);
        return unknown;
    }

    /// <summary>What the department rolls up: the figures, breakdown keys and findings of the current content.</summary>
    public ActionSummary Summarize(string key)
    {
        var action = Content.Action;
        if (action is null)
            return new ActionSummary(key, Version, PoaKeys.ActionNumber(key), "", [], [], Figures.Zero, [], Deleted: true);

        var programmed = MonthlyValues.Zero;
        foreach (var activity in action.Activities)
            programmed = programmed.Plus(activity.Monthly);
        var achieved = new decimal[12];
        var spent = new decimal[12];
        foreach (var progress in Content.Progress)
        {
            foreach (var month in progress.Months)
            {
                achieved[month.Month - 1] += month.Achieved;
                spent[month.Month - 1] += month.Spent;
            }
        }
        var findings = ConsistencyChecks.ForAction(action, department: PoaKeys.Leaf(PoaKeys.Parent(key)));
        var figures = new Figures(action.Investment, action.Beneficiaries.Men, action.Beneficiaries.Women, action.Beneficiaries,
            1, action.Activities.Count, programmed, new MonthlyValues(achieved), new MonthlyValues(spent), findings.Count);
        var chapters = action.BudgetItems.Where(b => b.IsValid).Select(b => b.Chapter).Distinct().Order().ToArray();
        return new ActionSummary(key, Version, action.Number, action.Name, action.Axes, chapters, figures, findings, Deleted: false);
    }

    /// <summary>Everything the action holds, for readers; null when it does not exist.</summary>
    public ActionSnapshot? Snapshot(string key, IReadOnlyList<Finding> findings) =>
        Content.Action is { } action
            ? new ActionSnapshot(key, Version, action, Content.Progress, findings,
                [.. FieldVersions.OrderBy(f => f.Key).Select(f => new FieldVersion(f.Key, f.Value))])
            : null;
}

/// <summary>The answer to a command sent with a client mutation id.</summary>
[GenerateSerializer, Immutable, Alias("poa.RecentCommand")]
public sealed record RecentCommand([property: Id(0)] string ClientMutationId, [property: Id(1)] CommandResult Result);

/// <summary>An action's fields as the older code stored them (without activities).</summary>
[GenerateSerializer, Immutable, Alias("poa.ActionFields")]
public sealed record LegacyActionFields(
    [property: Id(0)] int Number,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Axes,
    [property: Id(3)] string Goal,
    [property: Id(4)] string Objective,
    [property: Id(5)] string Strategy,
    [property: Id(6)] string Purpose,
    [property: Id(7)] Beneficiaries Beneficiaries,
    [property: Id(8)] decimal Investment,
    [property: Id(9)] IReadOnlyList<BudgetItem> BudgetItems)
{
    public PoaAction ToAction(IReadOnlyList<Activity> activities) =>
        new(Number, Name, Axes, Goal, Objective, Strategy, Purpose, Beneficiaries, Investment, BudgetItems, activities);
}

/// <summary>An activity as the older code stored it: programming and twelve months of progress.</summary>
[GenerateSerializer, Alias("poa.ActivityState")]
public sealed class LegacyActivityState
{
    [Id(0)] public int Id { get; set; }

    [Id(1)] public Activity Programming { get; set; } = null!;

    [Id(2)] public decimal[] Achieved { get; set; } = new decimal[12];

    [Id(3)] public decimal[] Spent { get; set; } = new decimal[12];

    [Id(4)] public string?[] Notes { get; set; } = new string?[12];

    public ActivityProgress ToProgress() => new(Id, [.. Enumerable.Range(1, 12)
        .Select(m => new MonthProgress(m, Achieved[m - 1], Spent[m - 1], Notes[m - 1]))
        .Where(p => !p.IsEmpty)]);
}
