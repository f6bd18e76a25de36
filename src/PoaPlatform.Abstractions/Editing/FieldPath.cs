using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PoaPlatform.Abstractions.Editing;

/// <summary>What a versioned part of an action is: one of its fields, one field of an activity, or one month's target
/// or progress of an activity.</summary>
[GenerateSerializer, Alias("poa.FieldKind")]
public enum FieldKind : byte
{
    /// <summary>The existence of the action itself (created, deleted).</summary>
    Action,
    Name,
    Axes,
    Goal,
    Objective,
    Strategy,
    Purpose,
    Beneficiaries,
    Investment,
    BudgetItems,

    /// <summary>The existence of an activity (added, removed).</summary>
    Activity,
    ActivityDescription,
    ActivityResponsibleArea,
    ActivityUnit,
    ActivityIndicator,
    ActivityInvestment,
    ActivityAnnualTarget,

    /// <summary>An activity's target for one month.</summary>
    Target,

    /// <summary>An activity's progress (achieved, spent, note) in one month.</summary>
    Progress,

    /// <summary>A modification request of the action (its id in place of an activity's).</summary>
    Request,

    // Kinds added later are appended: a stored path keeps its number. Their place in the action or an activity is
    // given by FieldKinds, not by the order.

    /// <summary>The name of the action's own indicator.</summary>
    Indicator,

    /// <summary>The sheet (ficha técnica) of the action's own indicator.</summary>
    IndicatorSheet,

    /// <summary>The sheet of an activity's indicator.</summary>
    ActivityIndicatorSheet,

    /// <summary>An activity's funding source.</summary>
    ActivityFundingSource,
}

/// <summary>Which kinds are fields of the action and which of an activity, in path order.</summary>
public static class FieldKinds
{
    /// <summary>The action's own fields (not its existence).</summary>
    public static readonly IReadOnlyList<FieldKind> OfAction =
    [
        FieldKind.Name, FieldKind.Axes, FieldKind.Goal, FieldKind.Objective, FieldKind.Strategy, FieldKind.Purpose,
        FieldKind.Beneficiaries, FieldKind.Investment, FieldKind.BudgetItems, FieldKind.Indicator, FieldKind.IndicatorSheet,
    ];

    /// <summary>An activity's own fields (not its existence, targets or progress).</summary>
    public static readonly IReadOnlyList<FieldKind> OfActivity =
    [
        FieldKind.ActivityDescription, FieldKind.ActivityResponsibleArea, FieldKind.ActivityUnit, FieldKind.ActivityIndicator,
        FieldKind.ActivityInvestment, FieldKind.ActivityAnnualTarget, FieldKind.ActivityIndicatorSheet, FieldKind.ActivityFundingSource,
    ];

    public static bool IsActionField(FieldKind kind) => kind < FieldKind.Activity || kind is FieldKind.Indicator or FieldKind.IndicatorSheet;

    public static bool IsActivityField(FieldKind kind) =>
        kind is >= FieldKind.ActivityDescription and <= FieldKind.ActivityAnnualTarget or FieldKind.ActivityIndicatorSheet or FieldKind.ActivityFundingSource;

    /// <summary>Kinds that belong to an activity: its existence, its fields, its targets and progress.</summary>
    public static bool IsOfActivity(FieldKind kind) => kind is FieldKind.Activity or FieldKind.Target or FieldKind.Progress || IsActivityField(kind);
}

/// <summary>
/// One versioned part of an action, written as a path: <c>name</c>, <c>activity/3</c>, <c>activity/3/description</c>,
/// <c>activity/3/target/5</c>, <c>activity/3/progress/5</c>. A command conflicts only when a path it changes changed
/// after the version its editor saw; the audit trail records one entry per path a command changed.
/// </summary>
/// <remarks>Packed in one <see cref="int"/> (kind, month, activity id) so that an action's hundreds of field versions
/// cost 4 bytes of key each; ordered by that packing: the action's fields, then each activity by id.</remarks>
[GenerateSerializer, Immutable, Alias("poa.FieldPath")]
public readonly struct FieldPath : IEquatable<FieldPath>, IComparable<FieldPath>, ISpanFormattable
{
    /// <summary>The largest activity id a path can name.</summary>
    public const int MaxActivityId = (1 << 22) - 1;

    private const string ActivityPrefix = "activity/";

    private const string RequestPrefix = "request/";

    private static readonly Dictionary<FieldKind, string> s_actionNames = new()
    {
        [FieldKind.Action] = "action", [FieldKind.Name] = "name", [FieldKind.Axes] = "axes", [FieldKind.Goal] = "goal",
        [FieldKind.Objective] = "objective", [FieldKind.Strategy] = "strategy", [FieldKind.Purpose] = "purpose",
        [FieldKind.Beneficiaries] = "beneficiaries", [FieldKind.Investment] = "investment", [FieldKind.BudgetItems] = "budgetItems",
        [FieldKind.Indicator] = "indicator", [FieldKind.IndicatorSheet] = "indicatorSheet",
    };

    private static readonly Dictionary<FieldKind, string> s_activityNames = new()
    {
        [FieldKind.ActivityDescription] = "description", [FieldKind.ActivityResponsibleArea] = "responsibleArea",
        [FieldKind.ActivityUnit] = "unit", [FieldKind.ActivityIndicator] = "indicator", [FieldKind.ActivityInvestment] = "investment",
        [FieldKind.ActivityAnnualTarget] = "annualTarget", [FieldKind.ActivityIndicatorSheet] = "indicatorSheet",
        [FieldKind.ActivityFundingSource] = "fundingSource",
    };

    private static readonly Dictionary<string, FieldKind> s_actionKinds = s_actionNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    private static readonly Dictionary<string, FieldKind> s_activityKinds = s_activityNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    // activity id (22 bits) | kind (5 bits) | month (4 bits): activity first, so paths sort by activity, then kind.
    [Id(0)] private readonly int _code;

    private FieldPath(FieldKind kind, int activityId, int month) =>
        _code = (activityId << 9) | ((int)kind << 4) | month;

    public FieldKind Kind => (FieldKind)((_code >> 4) & 0x1F);

    /// <summary>The activity this path belongs to, or null for a field of the action (or a request).</summary>
    public int? ActivityId => FieldKinds.IsOfActivity(Kind) ? _code >> 9 : null;

    /// <summary>The modification request a path names, or null.</summary>
    public int? RequestId => Kind == FieldKind.Request ? _code >> 9 : null;

    /// <summary>A path of the programming: anything but progress and modification requests. An approval's baseline is
    /// taken, and the programming version moves, when one of these changes.</summary>
    public bool IsProgramming => Kind is not (FieldKind.Progress or FieldKind.Request);

    /// <summary>The month (1..12) of a target or progress path, or null.</summary>
    public int? Month => Kind is FieldKind.Target or FieldKind.Progress ? _code & 0xF : null;

    /// <summary>The path packed in one integer (activity id, kind, month; never negative), ordered as the paths are: the
    /// form an action's stored field versions hold it in.</summary>
    public int Packed => _code;

    /// <summary>The path whose <see cref="Packed"/> is <paramref name="packed"/>.</summary>
    /// <exception cref="FormatException">No path packs to <paramref name="packed"/>.</exception>
    public static FieldPath FromPacked(int packed)
    {
        var (kind, id, month) = ((FieldKind)((packed >> 4) & 0x1F), packed >> 9, packed & 0xF);
        try
        {
            var path = kind switch
            {
                FieldKind.Target => Target(id, month),
                FieldKind.Progress => Progress(id, month),
                FieldKind.Request => Request(id),
                _ when FieldKinds.IsActionField(kind) => Of(kind),
                _ => Of(kind, id),
            };
            if (path._code == packed)
                return path;
        }
        catch (ArgumentException)
        {
        }
        throw new FormatException($"{packed.ToString(CultureInfo.InvariantCulture)} is not the packed form of a field path.");
    }

    /// <summary>A field of the action itself.</summary>
    public static FieldPath Of(FieldKind kind) =>
        FieldKinds.IsActionField(kind) ? new(kind, 0, 0) : throw new ArgumentOutOfRangeException(nameof(kind), kind, "An activity's field needs its activity id.");

    /// <summary>The existence of an activity, or one of its fields.</summary>
    public static FieldPath Of(FieldKind kind, int activityId) =>
        kind == FieldKind.Activity || FieldKinds.IsActivityField(kind)
            ? new(kind, CheckActivity(activityId), 0)
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only an activity's own fields take an activity id alone.");

    public static FieldPath Activity(int activityId) => new(FieldKind.Activity, CheckActivity(activityId), 0);

    public static FieldPath Target(int activityId, int month) => new(FieldKind.Target, CheckActivity(activityId), Domain.Model.Month.Check(month));

    public static FieldPath Progress(int activityId, int month) => new(FieldKind.Progress, CheckActivity(activityId), Domain.Model.Month.Check(month));

    public static FieldPath Request(int requestId) => new(FieldKind.Request, CheckActivity(requestId), 0);

    /// <summary>Every path of one activity: its existence, its fields, its twelve targets and twelve progress months.</summary>
    public static IEnumerable<FieldPath> AllOfActivity(int activityId)
    {
        yield return new(FieldKind.Activity, CheckActivity(activityId), 0);
        foreach (var kind in FieldKinds.OfActivity)
            yield return new(kind, CheckActivity(activityId), 0);
        for (var month = 1; month <= 12; month++)
            yield return Target(activityId, month);
        for (var month = 1; month <= 12; month++)
            yield return Progress(activityId, month);
    }

    public override string ToString()
    {
        if (FieldKinds.IsActionField(Kind))
            return s_actionNames[Kind];
        Span<char> text = stackalloc char[64];
        TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
        return new string(text[..written]);
    }

    string IFormattable.ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>The one rendering of a path (<see cref="ToString"/> makes its string from it): also what an interpolated
    /// string writes straight into a <see cref="System.Text.StringBuilder"/> or a span, with no string in between.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        var kind = Kind;
        var id = _code >> 9;
        var invariant = CultureInfo.InvariantCulture;
        return kind switch
        {
            _ when FieldKinds.IsActionField(kind) => destination.TryWrite(invariant, $"{s_actionNames[kind]}", out charsWritten),
            FieldKind.Request => destination.TryWrite(invariant, $"{RequestPrefix}{id}", out charsWritten),
            FieldKind.Activity => destination.TryWrite(invariant, $"{ActivityPrefix}{id}", out charsWritten),
            FieldKind.Target => destination.TryWrite(invariant, $"{ActivityPrefix}{id}/target/{_code & 0xF}", out charsWritten),
            FieldKind.Progress => destination.TryWrite(invariant, $"{ActivityPrefix}{id}/progress/{_code & 0xF}", out charsWritten),
            _ => destination.TryWrite(invariant, $"{ActivityPrefix}{id}/{s_activityNames[kind]}", out charsWritten),
        };
    }

    public static FieldPath Parse(string text) =>
        TryParse(text, out var path) ? path : throw new FormatException($"'{text}' is not a field path (name, activity/3/description, activity/3/target/5, ...).");

    public static bool TryParse([NotNullWhen(true)] string? text, out FieldPath path)
    {
        path = default;
        if (string.IsNullOrEmpty(text))
            return false;
        if (text.StartsWith(RequestPrefix, StringComparison.Ordinal))
        {
            if (!TryNumber(text[RequestPrefix.Length..], 1, MaxActivityId, out var request))
                return false;
            path = Request(request);
            return true;
        }
        if (!text.StartsWith(ActivityPrefix, StringComparison.Ordinal))
        {
            if (!s_actionKinds.TryGetValue(text, out var actionKind))
                return false;
            path = new(actionKind, 0, 0);
            return true;
        }
        var parts = text[ActivityPrefix.Length..].Split('/');
        if (!TryNumber(parts[0], 1, MaxActivityId, out var id))
            return false;
        switch (parts.Length)
        {
            case 1:
                path = Activity(id);
                return true;
            case 2:
                if (!s_activityKinds.TryGetValue(parts[1], out var activityKind))
                    return false;
                path = new(activityKind, id, 0);
                return true;
            case 3 when TryNumber(parts[2], 1, 12, out var month) && parts[1] is "target" or "progress":
                path = parts[1] == "target" ? Target(id, month) : Progress(id, month);
                return true;
            default:
                return false;
        }
    }

    public bool Equals(FieldPath other) => _code == other._code;

    public override bool Equals(object? obj) => obj is FieldPath other && Equals(other);

    public override int GetHashCode() => _code;

    public int CompareTo(FieldPath other) => _code.CompareTo(other._code);

    public static bool operator ==(FieldPath left, FieldPath right) => left.Equals(right);

    public static bool operator !=(FieldPath left, FieldPath right) => !left.Equals(right);

    public static bool operator <(FieldPath left, FieldPath right) => left._code < right._code;

    public static bool operator >(FieldPath left, FieldPath right) => left._code > right._code;

    public static bool operator <=(FieldPath left, FieldPath right) => left._code <= right._code;

    public static bool operator >=(FieldPath left, FieldPath right) => left._code >= right._code;

    private static int CheckActivity(int activityId) =>
        activityId is >= 1 and <= MaxActivityId
            ? activityId
            : throw new ArgumentOutOfRangeException(nameof(activityId), activityId, $"Activity ids run from 1 to {MaxActivityId}.");

    private static bool TryNumber(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max &&
        text == value.ToString(CultureInfo.InvariantCulture);
}
