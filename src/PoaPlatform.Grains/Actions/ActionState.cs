using System.Globalization;
using Orleans.Serialization;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Grains.Storage;


namespace PoaPlatform.Grains.Actions;

/// <summary>The durable state of an action: its content, the version of each path, the audit outbox, the answers to
/// recent client mutation ids, and how far its department has acknowledged it.</summary>
[GenerateSerializer, Alias("poa.ActionState")]
public sealed class ActionState : IAuditedState, IStoredApart
{
    /// <summary>How many client mutation ids an action remembers.</summary>
    public const int RecentCommandsKept = 16;

    /// <summary>Grows by one per change, never reused, also across delete and re-create.</summary>
    [Id(0)] public long Version { get; set; }

    [NonSerialized] private ActionContent _content = ActionContent.None;

    [NonSerialized] private ProgressPacker? _packer;

    [NonSerialized] private StoredProgramming? _storedProgramming;

    // Read: the payload recorded its programming as stored apart, and ReadPart has not brought it yet.
    [NonSerialized] private bool _programmingAwaited;

    [NonSerialized] private bool _leavesPartOut;

    public ActionContent Content { get => _content; set => _content = value; }

    /// <summary>How rows written before 2026-12-06 (docs/decisions/0027) hold the content: read into <see cref="Content"/>,
    /// never written again (<see cref="Programming"/> holds it since). A row written before 2026-12-05
    /// (docs/decisions/0023) has the progress here too, and keeps it when read.</summary>
    [Id(6)]
    public ActionContent? StoredContent
    {
        get => null;
        set
        {
            if (value is not null)
                Content = value;
        }
    }

    /// <summary><see cref="Content"/> as stored: without its progress, which <see cref="PackedProgress"/> holds, and
    /// serialized on its own (<see cref="StoredProgramming"/>), so that a command that leaves it as it is (a progress
    /// report) writes the bytes of the previous write again instead of serializing the programming anew. Read after
    /// <see cref="PackedProgress"/> (a higher id): it keeps the progress read there.</summary>
    /// <remarks>Null while <see cref="LeavesPartOut"/>: the programming is written to its own column then.</remarks>
    [Id(12)]
    public StoredProgramming? Programming
    {
        get => LeavesPartOut ? null : CurrentProgramming;
        set
        {
            if (value is null)
                return;
            Content = value.Content with { Progress = Content.Progress };
            _storedProgramming = value;
        }
    }

    private StoredProgramming CurrentProgramming
    {
        get
        {
            if (_storedProgramming is null || !_storedProgramming.Holds(Content))
                _storedProgramming = new StoredProgramming(Content.Progress.Count == 0 ? Content : Content with { Progress = [] });
            return _storedProgramming;
        }
    }

    /// <summary>True in a payload whose programming is stored apart (<see cref="IStoredApart"/>, decision 0031): its
    /// column must then hold it.</summary>
    [Id(13)]
    public bool ProgrammingStoredApart
    {
        get => LeavesPartOut;
        set => _programmingAwaited = value;
    }

    /// <summary>The part stored apart: the programming.</summary>
    IPartApart IStoredApart.Part => CurrentProgramming;

    /// <summary>While true, <see cref="Programming"/> is left out of the serialization (<see cref="IStoredApart"/>).</summary>
    public bool LeavesPartOut { get => _leavesPartOut; set => _leavesPartOut = value; }

    public void ReadPart(byte[]? bytes, Serializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        if (!_programmingAwaited)
            return;
        if (bytes is null)
            throw new InvalidOperationException("its payload says that its programming is stored apart, and the row's column for it (payload_apart) is empty");
        var content = serializer.Deserialize<ActionContent>(bytes) ?? throw new InvalidOperationException("its programming stored apart holds no content");
        // As if read from the payload: the progress read there stays.
        Programming = StoredProgramming.ReadApart(content);
        _programmingAwaited = false;
    }

    /// <summary>The progress of <see cref="Content"/> as stored (<see cref="ProgressPacking"/>): a few bytes per reported
    /// month where each month's seven decimals took 133 bytes. Read after <see cref="StoredContent"/> (a higher id), before
    /// <see cref="Programming"/>.</summary>
    [Id(11)]
    public byte[]? PackedProgress
    {
        get
        {
            if (Content.Progress.Count == 0)
            {
                _packer?.Clear();
                return null;
            }
            // The activities a command did not change are copied from the last packing (decision 0027).
            return (_packer ??= new ProgressPacker()).Pack(Content.Progress);
        }
        set
        {
            if (value is not null)
                Content = Content with { Progress = ProgressPacking.Unpack(value) };
        }
    }

    /// <summary>The version that last changed each path. A removed activity's paths stay (a stale editor still
    /// conflicts) until the action itself is deleted.</summary>
    public FieldVersionCollection FieldVersions { get => _fieldVersions; set => _fieldVersions = value; }

    [NonSerialized] private FieldVersionCollection _fieldVersions = FieldVersionCollection.Empty;

    /// <summary><see cref="FieldVersions"/> as stored since 2026-12-07 (<see cref="FieldVersionCollection.Pack"/>).</summary>
    [Id(14)]
    public byte[]? PackedFieldVersions
    {
        get => FieldVersions.Count == 0 ? null : FieldVersions.Pack();
        set
        {
            if (value is not null)
                FieldVersions = FieldVersionCollection.Unpack(value);
        }
    }

    /// <summary>How rows written from 2026-12-05 to 2026-12-07 hold <see cref="FieldVersions"/>: read, never written again
    /// (<see cref="PackedFieldVersions"/> holds them since).</summary>
    [Id(10)]
    public FieldVersionCollection? StoredFieldVersions
    {
        get => null;
        set
        {
            if (value is not null)
                FieldVersions = value;
        }
    }

    /// <summary>How rows written before <see cref="FieldVersionCollection"/> (2026-12-05) hold the versions: read into
    /// <see cref="FieldVersions"/>, never written again.</summary>
    [Id(7)]
    public Dictionary<FieldPath, long>? DictionaryFieldVersions
    {
        get => null;
        set
        {
            if (value is { Count: > 0 })
                FieldVersions = FieldVersionCollection.From(value);
        }
    }

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
        var versions = new Dictionary<FieldPath, long>();
        foreach (var (text, version) in LegacyFieldVersions ?? [])
        {
            if (FieldPath.TryParse(text, out var path))
                versions[path] = version;
            else
                unknown.Add(text);
        }
        FieldVersions = FieldVersionCollection.From(versions);
        (LegacyFields, LegacyActivities, LegacyFieldVersions, LegacyNextActivityId) = (null, null, null, 0);
        return unknown;
    }

    /// <summary>What the department rolls up: the figures, breakdown keys and findings of the current content.</summary>
    /// <param name="programming">Keeps what the programming alone decides (its findings, programmed months, chapters and
    /// funding sources) between calls, so that a progress report computes only what depends on the progress; null
    /// computes everything.</param>
    public ActionSummary Summarize(string key, ProgrammingCache? programming = null)
    {
        var action = Content.Action;
        if (action is null)
            return new ActionSummary(key, Version, PoaKeys.ActionNumber(key), "", [], [], Figures.Zero, [], Deleted: true);

        var department = PoaKeys.Leaf(PoaKeys.Parent(key));
        var known = (programming ?? new ProgrammingCache()).Of(action, Content.Baseline, department);
        var achieved = new decimal[12];
        var exercised = new decimal[12];
        // Index loops over the lists: a foreach over an IReadOnlyList boxes its enumerator, and this runs on every command.
        var reported = Content.Progress;
        for (var a = 0; a < reported.Count; a++)
        {
            var months = reported[a].Months;
            for (var m = 0; m < months.Count; m++)
            {
                achieved[months[m].Month - 1] += months[m].Achieved;
                exercised[months[m].Month - 1] += months[m].Exercised;
            }
        }
        var approved = Content.Baseline ?? action;
        var authorized = Content.RequestList.Any(r => r.Status == ModificationStatus.Authorized);
        var progressFindings = ProgressChecks.ForAction(action, Content.Progress, authorized, department);
        IReadOnlyList<Finding> findings = progressFindings.Count == 0 ? known.Findings : [.. known.Findings, .. progressFindings];
        var figures = new Figures(action.Investment, action.Beneficiaries.Men, action.Beneficiaries.Women, action.Beneficiaries,
            1, action.Activities.Count, known.Programmed, MonthlyValues.Of(achieved), MonthlyValues.Of(exercised), findings.Problems().Count(),
            approved.Investment, known.ApprovedProgrammed, MomentMonths.Of(Content.Progress));
        return new ActionSummary(key, Version, action.Number, action.Name, action.Axes, known.Chapters, figures, findings, Deleted: false,
            FieldVersions.ProgrammingVersion, Content.RequestList.Count(r => r.Status == ModificationStatus.Pending), Content.BaselineApproval, Sources(known, figures, action.Investment),
            action.IndicatorSheet is { } sheet && (sheet.Frequency is not null || sheet.Direction is not null)
                ? new IndicatorSheet(Frequency: sheet.Frequency, Direction: sheet.Direction) : null);
    }

    /// <summary>The action's figures by funding source, activity by activity; an action without activities puts its
    /// investment under <see cref="ActionSummary.NoSource"/>.</summary>
    /// <remarks>An action of one source (the usual case) shares its programmed months with <paramref name="figures"/>.</remarks>
    private List<BreakdownEntry> Sources(ProgrammingCache.Known known, Figures figures, decimal investment)
    {
        if (known.Sources.Count == 0)
            return [new BreakdownEntry(ActionSummary.NoSource, 1, investment, MonthlyValues.Zero, MonthlyValues.Zero, MonthlyValues.Zero, MomentMonths.Zero)];
        var sources = known.Sources;
        var entries = new List<BreakdownEntry>(sources.Count);
        foreach (var source in sources)
        {
            var progress = new List<ActivityProgress>(source.ActivityIds.Length);
            foreach (var id in source.ActivityIds)
            {
                if (Content.ProgressOf(id) is { } reported)
                    progress.Add(reported);
            }
            // One source holding all of the progress: its months are the action's own, summed already.
            var whole = sources.Count == 1 && progress.Count == Content.Progress.Count;
            entries.Add(new BreakdownEntry(source.Key, 1, source.Investment, source.Programmed,
                whole ? figures.Achieved : MonthlyValues.Sum(progress.Select(p => p.Achieved)),
                whole ? figures.Exercised : MonthlyValues.Sum(progress.Select(p => p.Exercised)),
                whole ? figures.Moments ?? MomentMonths.Zero : MomentMonths.Of(progress)));
        }
        return entries;
    }

    /// <summary>Everything the action holds, for readers; null when it does not exist.</summary>
    public ActionSnapshot? Snapshot(string key, IReadOnlyList<Finding> findings) =>
        Content.Action is { } action
            ? new ActionSnapshot(key, Version, action, Content.Progress, findings,
                [.. FieldVersions.Select(f => new FieldVersion(f.Key, f.Value))],
                Content.RequestList, Content.Baseline, Content.BaselineApproval)
            : null;
}

/// <summary>What an action's programming alone decides, kept for as long as the programming is the same: its findings
/// (consistency and submission checks), its programmed months (as programmed and as approved), its chapters and its
/// funding sources. Contents are replaced, never mutated, so the same <see cref="PoaAction"/> instance is the same
/// programming (the same programming version). Progress checks (moments out of order, progress on a modified
/// programming without a request) and progress figures depend on the progress too and are never kept.</summary>
public sealed class ProgrammingCache
{
    private PoaAction? _action;
    private PoaAction? _baseline;
    private string? _department;
    private Known? _known;

    /// <summary>What <paramref name="action"/> decides, with <paramref name="baseline"/> as approved (null: the action
    /// itself), in <paramref name="department"/>.</summary>
    public Known Of(PoaAction action, PoaAction? baseline, string department)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (_known is null || !ReferenceEquals(action, _action) || !ReferenceEquals(baseline, _baseline) || department != _department)
        {
            _known = Compute(action, baseline, department);
            (_action, _baseline, _department) = (action, baseline, department);
        }
        return _known;
    }

    private static Known Compute(PoaAction action, PoaAction? baseline, string department)
    {
        var programmed = Activity.Programmed(action.Activities);
        var approved = baseline is null || ReferenceEquals(baseline, action) ? programmed : Activity.Programmed(baseline.Activities);
        var chapters = action.BudgetItems.Where(b => b.IsValid).Select(b => b.Chapter).Distinct().Order().ToArray();
        var groups = action.Activities
            .GroupBy(a => a.FundingSource ?? ActionSummary.NoSource, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        // An action of one source shares its programmed months with the action's.
        Source[] sources = [.. groups.Select(g => new Source(g.Key, g.Sum(a => a.Investment),
            groups.Count == 1 ? programmed : Activity.Programmed(g), [.. g.Select(a => a.Id)]))];
        Finding[] findings = [.. ConsistencyChecks.ForAction(action, department: department), .. SubmissionChecks.ForAction(action, department)];
        return new Known(findings, programmed, approved, chapters, sources);
    }

    /// <summary>What a programming decides.</summary>
    public sealed record Known(IReadOnlyList<Finding> Findings, MonthlyValues Programmed, MonthlyValues ApprovedProgrammed,
        int[] Chapters, IReadOnlyList<Source> Sources);

    /// <summary>A funding source of the programming: its investment, programmed months and activities.</summary>
    public sealed record Source(string Key, decimal Investment, MonthlyValues Programmed, int[] ActivityIds);
}

/// <summary>The answer to a command sent with a client mutation id.</summary>
[GenerateSerializer, Immutable, Alias("poa.RecentCommand")]
public sealed record RecentCommand([property: Id(0)] string ClientMutationId, [property: Id(1)] CommandResult Result);

/// <summary>What an action holds, as one immutable value: its programming (the domain action, activities with their
/// ids), the progress its activities reported, and the id the next activity gets. A command turns one content into
/// another; the paths where the two differ are what the command changed.</summary>
/// <remarks>The modification requests are part of the content (each is a path, <c>request/{id}</c>: versioned,
/// audited, and two planners deciding one request conflict). The baseline is the programming as the last approval left
/// it, kept from the first change after that approval; it has no path (it is never edited).</remarks>
[GenerateSerializer, Immutable, Alias("poa.ActionContent")]
public sealed record ActionContent(
    [property: Id(0)] PoaAction? Action,
    [property: Id(1)] IReadOnlyList<ActivityProgress> Progress,
    [property: Id(2)] int NextActivityId,
    [property: Id(3)] IReadOnlyList<ModificationRequest>? Requests = null,
    [property: Id(4)] PoaAction? Baseline = null,
    [property: Id(5)] int BaselineApproval = 0)
{
    public IReadOnlyList<ModificationRequest> RequestList => Requests ?? [];

    public ModificationRequest? Request(int id) => RequestList.FirstOrDefault(r => r.Id == id);

    /// <summary>This content with one request added or replaced.</summary>
    public ActionContent WithRequest(ModificationRequest request) => this with
    {
        Requests = [.. RequestList.Where(r => r.Id != request.Id).Append(request).OrderBy(r => r.Id)],
    };

    /// <summary>An action never created.</summary>
    public static readonly ActionContent None = new(null, [], 1);

    public bool Exists => Action is not null;

    public Activity? Activity(int id)
    {
        if (Action is null)
            return null;
        var activities = Action.Activities;
        for (var i = 0; i < activities.Count; i++)
        {
            if (activities[i].Id == id)
                return activities[i];
        }
        return null;
    }

    public ActivityProgress? ProgressOf(int activityId) => Progress.ProgressOf(activityId);

    /// <summary>This content with one activity's programming replaced (same position, same id).</summary>
    public ActionContent WithActivity(Activity activity) =>
        this with { Action = Action! with { Activities = [.. Action.Activities.Select(a => a.Id == activity.Id ? activity : a)] } };

    /// <summary>This content with one activity's progress replaced; progress that reports nothing is dropped.</summary>
    public ActionContent WithProgress(ActivityProgress progress) => this with
    {
        Progress = [.. Progress.Where(p => p.ActivityId != progress.ActivityId).Append(progress).Where(p => p.Months.Count > 0).OrderBy(p => p.ActivityId)],
    };

    /// <summary>The paths whose value differs between two contents, in path order. Unchanged activities are the same
    /// instances in both (records are replaced, never mutated), so most of an action is skipped by reference.</summary>
    public static List<FieldPath> Differences(ActionContent before, ActionContent after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        // A creation or deletion changes every path of the action (some 170 for 8 activities): sized for it at once.
        var changed = new List<FieldPath>(before.Exists == after.Exists ? 8 : 256);
        if (!ReferenceEquals(before.Action, after.Action))
        {
            // Existence paths change only when the action or activity appears or goes; their rendering (for the audit)
            // names it, and renaming it is a change of its name, not of its existence.
            if (before.Exists != after.Exists)
                changed.Add(FieldPath.Of(FieldKind.Action));
            foreach (var kind in FieldKinds.OfAction)
            {
                var path = FieldPath.Of(kind);
                if (before.Describe(path) != after.Describe(path))
                    changed.Add(path);
            }
        }

        var ids = new SortedSet<int>();
        foreach (var activity in before.Action?.Activities ?? [])
            ids.Add(activity.Id);
        foreach (var activity in after.Action?.Activities ?? [])
            ids.Add(activity.Id);
        for (var i = 0; i < before.Progress.Count; i++)
            ids.Add(before.Progress[i].ActivityId);
        for (var i = 0; i < after.Progress.Count; i++)
            ids.Add(after.Progress[i].ActivityId);
        if (!ReferenceEquals(before.Requests, after.Requests))
        {
            foreach (var id in before.RequestList.Select(r => r.Id).Union(after.RequestList.Select(r => r.Id)).Order())
            {
                if (!ReferenceEquals(before.Request(id), after.Request(id)) && before.Describe(FieldPath.Request(id)) != after.Describe(FieldPath.Request(id)))
                    changed.Add(FieldPath.Request(id));
            }
        }
        foreach (var id in ids)
        {
            var programmingSame = ReferenceEquals(before.Activity(id), after.Activity(id));
            var progressBefore = before.ProgressOf(id);
            var progressAfter = after.ProgressOf(id);
            var progressSame = ReferenceEquals(progressBefore, progressAfter);
            if (programmingSame && progressSame)
                continue;
            foreach (var path in FieldPath.AllOfActivity(id))
            {
                var same = path.Kind switch
                {
                    FieldKind.Activity => programmingSame || (before.Activity(id) is null) == (after.Activity(id) is null),
                    // A report replaces one month: the others are the same instances, compared without rendering them.
                    FieldKind.Progress => progressSame || (progressBefore is not null && progressAfter is not null &&
                        ReferenceEquals(progressBefore.Of(path.Month!.Value), progressAfter.Of(path.Month!.Value))),
                    _ => programmingSame,
                };
                if (!same && (path.Kind == FieldKind.Activity || before.Describe(path) != after.Describe(path)))
                    changed.Add(path);
            }
        }
        changed.Sort();
        return changed;
    }

    /// <summary>Every path that has a value in this content.</summary>
    public IEnumerable<FieldPath> Paths()
    {
        foreach (var request in RequestList)
            yield return FieldPath.Request(request.Id);
        if (Action is null)
            yield break;
        yield return FieldPath.Of(FieldKind.Action);
        foreach (var kind in FieldKinds.OfAction)
            yield return FieldPath.Of(kind);
        foreach (var activity in Action.Activities)
        {
            foreach (var path in FieldPath.AllOfActivity(activity.Id))
            {
                if (path.Kind != FieldKind.Progress || ProgressOf(activity.Id)?.Of(path.Month!.Value) is not null)
                    yield return path;
            }
        }
    }

    /// <summary>A path's value as text: what the audit trail records and a conflict reports; null when it has none.</summary>
    /// <remarks>The one renderer of every field: comparing these renderings is also how a command's change is found.</remarks>
    public string? Describe(FieldPath path)
    {
        if (path.RequestId is { } requestId)
        {
            return Request(requestId) is { } request
                ? $"{request.Status} {request.Kind} by {request.RequestedBy}: {request.Justification}" +
                  (request.DecidedBy is null ? "" : $" — {request.Status.ToString().ToLowerInvariant()} by {request.DecidedBy}{(request.Comment is { Length: > 0 } comment ? $": {comment}" : "")}")
                : null;
        }
        var action = Action;
        if (action is null)
            return null;
        if (path.ActivityId is not { } id)
        {
            return path.Kind switch
            {
                FieldKind.Action => $"{action.Number.ToString(CultureInfo.InvariantCulture)} {action.Name}",
                FieldKind.Name => action.Name,
                FieldKind.Axes => string.Join(" / ", action.Axes),
                FieldKind.Goal => action.Goal,
                FieldKind.Objective => action.Objective,
                FieldKind.Strategy => action.Strategy,
                FieldKind.Purpose => action.Purpose,
                FieldKind.Beneficiaries => action.Beneficiaries.ToString(),
                FieldKind.Investment => Number(action.Investment),
                FieldKind.BudgetItems => string.Join(", ", action.BudgetItems.Select(b => b.Code)),
                FieldKind.Indicator => action.Indicator,
                FieldKind.IndicatorSheet => Describe(action.IndicatorSheet),
                _ => throw new ArgumentOutOfRangeException(nameof(path), path, "Not a field of the action."),
            };
        }
        var activity = Activity(id);
        if (activity is null)
            return null;
        return path.Kind switch
        {
            FieldKind.Activity or FieldKind.ActivityDescription => activity.Description,
            FieldKind.ActivityResponsibleArea => activity.ResponsibleArea,
            FieldKind.ActivityUnit => activity.Unit,
            FieldKind.ActivityIndicator => activity.Indicator,
            FieldKind.ActivityInvestment => Number(activity.Investment),
            FieldKind.ActivityAnnualTarget => Number(activity.AnnualTarget),
            FieldKind.ActivityIndicatorSheet => Describe(activity.IndicatorSheet),
            FieldKind.ActivityFundingSource => activity.FundingSource ?? "",
            FieldKind.Target => Number(activity.Monthly.OfMonth(path.Month!.Value)),
            FieldKind.Progress => ProgressOf(id)?.Of(path.Month!.Value) is { } month ? Describe(month) : null,
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, "Not a field of an activity."),
        };
    }

    /// <summary>A month's progress: what was achieved, exercised, the other moments reported, and the note.</summary>
    private static string Describe(MonthProgress month)
    {
        var text = new System.Text.StringBuilder($"achieved {Number(month.Achieved)}; exercised {Number(month.Exercised)}");
        foreach (var moment in MonthProgress.Moments)
        {
            if (moment != BudgetMoment.Exercised && month.Of(moment) != 0)
                text.Append(CultureInfo.InvariantCulture, $"; {PoaRules.MomentField(moment)} {Number(month.Of(moment))}");
        }
        return text.Append(CultureInfo.InvariantCulture, $"; note {month.Note ?? ""}").ToString();
    }

    /// <summary>An indicator sheet as one line: each field given, in the sheet's order ("" for none).</summary>
    private static string Describe(IndicatorSheet? sheet)
    {
        if (sheet is null)
            return "";
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null && value is not "")
                parts.Add($"{name} {(value is decimal d ? Number(d) : Convert.ToString(value, CultureInfo.InvariantCulture))}");
        }
        Add("level", sheet.Level);
        Add("definition", sheet.Definition);
        Add("method", sheet.Method);
        Add("numerator", sheet.Numerator);
        Add("denominator", sheet.Denominator);
        Add("unit", sheet.Unit);
        Add("frequency", sheet.Frequency);
        Add("type", sheet.Type);
        Add("dimension", sheet.Dimension);
        Add("direction", sheet.Direction);
        Add("baseline", sheet.BaselineValue);
        Add("baselineYear", sheet.BaselineYear);
        Add("meansOfVerification", sheet.MeansOfVerification);
        Add("assumptions", sheet.Assumptions);
        return string.Join("; ", parts);
    }

    /// <summary>Invariant, without trailing zeros: 350.00 and 350 are the same value. The decimal's own (general)
    /// formatting with its trailing zeros cut gives what the custom format <see cref="TrimmedFormat"/> gives, without
    /// that format's slower general path (a creation's audit text formats every figure of the action).</summary>
    public static string Number(decimal value)
    {
        if (value == 0)
            return decimal.IsNegative(value) ? value.ToString(TrimmedFormat, CultureInfo.InvariantCulture) : "0";
        // At most 29 digits, a sign and a point (the general format of a decimal never uses an exponent): 32 always hold it.
        Span<char> text = stackalloc char[32];
        _ = value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        if (text[..length].Contains('.'))
        {
            while (text[length - 1] == '0')
                length--;
            if (text[length - 1] == '.')
                length--;
        }
        return new string(text[..length]);
    }

    /// <summary>Every digit of a decimal, no trailing zeros, no grouping.</summary>
    internal const string TrimmedFormat = "0.############################";
}
