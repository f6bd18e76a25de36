namespace PoaPlatform.Abstractions.Departments;

/// <summary>Where a department's POA stands in the year: captured and submitted by the department, reviewed and
/// returned or approved by the planning unit. The names are the methodology's own, in code and GraphQL alike.</summary>
[GenerateSerializer, Alias("poa.CycleStatus")]
public enum CycleStatus
{
    /// <summary>The department captures its programming.</summary>
    Captura,

    /// <summary>Submitted, waiting for the planning unit.</summary>
    Enviado,

    /// <summary>The planning unit is reviewing it.</summary>
    EnRevision,

    /// <summary>Sent back with comments: the department corrects and submits again.</summary>
    Devuelto,

    /// <summary>Approved: the programming is the baseline and changes only through modification requests.</summary>
    Aprobado,
}

/// <summary>The transitions of the year's cycle, and who makes them.</summary>
[GenerateSerializer, Alias("poa.CycleTransition")]
public enum CycleTransition
{
    /// <summary>Editors of the department (and admins): CAPTURA or DEVUELTO → ENVIADO.</summary>
    Submit,

    /// <summary>Planners: ENVIADO → EN_REVISION.</summary>
    TakeForReview,

    /// <summary>Planners: ENVIADO or EN_REVISION → DEVUELTO, with comments.</summary>
    Return,

    /// <summary>Planners: ENVIADO or EN_REVISION → APROBADO, when nothing changed since the submission.</summary>
    Approve,

    /// <summary>Admins: APROBADO → CAPTURA, with a stated reason.</summary>
    Reopen,

    /// <summary>Planners and admins, on import: CAPTURA → APROBADO for a historic POA.</summary>
    ImportApproved,
}

public static class CycleRules
{
    /// <summary>The transitions allowed from a status.</summary>
    public static IReadOnlyList<CycleTransition> From(CycleStatus status) => status switch
    {
        CycleStatus.Captura => [CycleTransition.Submit, CycleTransition.ImportApproved],
        CycleStatus.Devuelto => [CycleTransition.Submit],
        CycleStatus.Enviado => [CycleTransition.TakeForReview, CycleTransition.Return, CycleTransition.Approve],
        CycleStatus.EnRevision => [CycleTransition.Return, CycleTransition.Approve],
        CycleStatus.Aprobado => [CycleTransition.Reopen],
        _ => [],
    };

    public static CycleStatus To(CycleTransition transition) => transition switch
    {
        CycleTransition.Submit => CycleStatus.Enviado,
        CycleTransition.TakeForReview => CycleStatus.EnRevision,
        CycleTransition.Return => CycleStatus.Devuelto,
        CycleTransition.Approve or CycleTransition.ImportApproved => CycleStatus.Aprobado,
        CycleTransition.Reopen => CycleStatus.Captura,
        _ => throw new ArgumentOutOfRangeException(nameof(transition), transition, null),
    };

    /// <summary>Programming (fields, activities, targets, investment) is edited only while the department captures it.</summary>
    public static bool ProgrammingEditable(CycleStatus status) => status is CycleStatus.Captura or CycleStatus.Devuelto;
}

/// <summary>A department's explanation of one warning finding, given when it submits.</summary>
[GenerateSerializer, Immutable, Alias("poa.FindingExplanation")]
public sealed record FindingExplanation([property: Id(0)] string FindingKey, [property: Id(1)] string Text);

/// <summary>One transition that happened: when, who, which, and the comment or reason given.</summary>
[GenerateSerializer, Immutable, Alias("poa.CycleEvent")]
public sealed record CycleEvent(
    [property: Id(0)] long Version,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string User,
    [property: Id(3)] CycleTransition Transition,
    [property: Id(4)] CycleStatus From,
    [property: Id(5)] CycleStatus To,
    [property: Id(6)] string? Comment);

/// <summary>Where a department's POA stands, with what its submission and reviews said.</summary>
/// <param name="Version">Grows with every transition (and month reopening): the expected version of the next one.</param>
/// <param name="ApprovalNumber">How many times the POA was approved; an action takes its baseline once per approval.</param>
/// <param name="SubmittedVersions">Each action's programming version when the POA was submitted.</param>
[GenerateSerializer, Immutable, Alias("poa.DepartmentCycle")]
public sealed record DepartmentCycle(
    [property: Id(0)] CycleStatus Status,
    [property: Id(1)] long Version,
    [property: Id(2)] int ApprovalNumber,
    [property: Id(3)] IReadOnlyList<FindingExplanation> Explanations,
    [property: Id(4)] IReadOnlyDictionary<string, long> SubmittedVersions,
    [property: Id(5)] IReadOnlyList<CycleEvent> History,
    [property: Id(6)] IReadOnlyList<int> ReopenedMonths)
{
    public static readonly DepartmentCycle Start = new(CycleStatus.Captura, 0, 0, [], new Dictionary<string, long>(), [], []);

    public CycleEvent? Last => History.Count == 0 ? null : History[^1];

    /// <summary>When it was last submitted (the review inbox orders by it).</summary>
    public DateTimeOffset? SubmittedAt => History.LastOrDefault(e => e.Transition == CycleTransition.Submit)?.At;
}

/// <summary>The calendar of a POA year, set by planners: the last day each month's progress may be reported
/// (default: the 10th of the following month) and the day departments must have submitted.</summary>
[GenerateSerializer, Immutable, Alias("poa.PoaCalendar")]
public sealed record PoaCalendar(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<DateOnly> CutOffs,
    [property: Id(2)] DateOnly? SubmissionDeadline)
{
    /// <summary>The default calendar of a year: month m closes on the 10th of month m + 1.</summary>
    public static PoaCalendar Default(int year) =>
        new(0, [.. Enumerable.Range(1, 12).Select(m => new DateOnly(year, m, 1).AddMonths(1).AddDays(9))], null);

    public DateOnly CutOff(int month) => CutOffs[month - 1];
}

/// <summary>What an action asks its department before a command: whether its programming may change, and whether a
/// month's progress may still be reported.</summary>
[GenerateSerializer, Immutable, Alias("poa.DepartmentRules")]
public sealed record DepartmentRules(
    [property: Id(0)] CycleStatus Status,
    [property: Id(1)] int ApprovalNumber,
    [property: Id(2)] PoaCalendar Calendar,
    [property: Id(3)] IReadOnlyList<int> ReopenedMonths)
{
    /// <summary>A month's progress may be reported until the end of its cut-off day (Mexico City), or while a planner
    /// has reopened it for this department.</summary>
    public bool MonthOpen(int month, DateTimeOffset now) => ReopenedMonths.Contains(month) || TargetsOpen(month, now);

    /// <summary>A month's targets may change (by a modification request) until the end of its cut-off day; a month
    /// reopened for late reports stays closed for targets.</summary>
    public bool TargetsOpen(int month, DateTimeOffset now) => DateOnly.FromDateTime(MexicoCity(now)) <= Calendar.CutOff(month);

    /// <summary>Local time of the municipalities this platform serves (Zacatecas keeps Mexico City's time).</summary>
    public static DateTime MexicoCity(DateTimeOffset now)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById("America/Mexico_City", out var found) ? found : TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(-6), "CST", "CST");
        return TimeZoneInfo.ConvertTime(now, zone).DateTime;
    }
}

/// <summary>Stable names for findings, so a submission can explain each warning: code, action number and position
/// among the findings of that code and action.</summary>
public static class FindingKeys
{
    public static IReadOnlyList<(string Key, Finding Finding)> Of(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var seen = new Dictionary<(string, int?), int>();
        var keyed = new List<(string, Finding)>();
        foreach (var finding in findings)
        {
            var ordinal = seen.GetValueOrDefault((finding.Code, finding.ActionNumber)) + 1;
            seen[(finding.Code, finding.ActionNumber)] = ordinal;
            keyed.Add(($"{finding.Code}:{finding.ActionNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}:{ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)}", finding));
        }
        return keyed;
    }
}
