namespace PoaPlatform.Domain.Findings;

/// <summary>An inconsistency detected in a POA. Findings never stop an import; they are reported with it.</summary>
/// <param name="Message">The English text. A finding with <see cref="Parameters"/> stores none (empty) and renders it from
/// <see cref="Code"/> and the parameters when read: a city holds one finding per action, most of them in more than one
/// grain. A finding stored with its text (before 2026-12-05, or without parameters) keeps that text.</param>
/// <param name="Line">1-based line of the source text, or row of the worksheet named by <see cref="Sheet"/>.</param>
/// <param name="Sheet">The worksheet of an .xlsx source; null for text.</param>
/// <param name="Column">1-based column of the cell the finding is about (the value of the investment, the annual target,
/// the summary row...), so a workbook's finding names its cell ('Acción 4'!G8); null when the action was checked
/// outside its source.</param>
/// <param name="Parameters">What the message says, by name (amounts and quantities in invariant culture): pages render
/// the message in the reader's language from the code and these, never by translating <see cref="Message"/>.</param>
[GenerateSerializer, Immutable, Alias("poa.Finding")]
public sealed record Finding(
    [property: Id(0)] string Code,
    [property: Id(1)] FindingSeverity Severity,
    string Message,
    [property: Id(3)] int? Line = null,
    [property: Id(4)] int? ActionNumber = null,
    [property: Id(5)] decimal? Expected = null,
    [property: Id(6)] decimal? Actual = null,
    [property: Id(7)] string? Department = null,
    [property: Id(8)] string? Sheet = null,
    [property: Id(9)] int? Column = null,
    [property: Id(10)] IReadOnlyList<FindingParameter>? Parameters = null)
{
    [Id(2)] private readonly string _message = Message;

    public string Message
    {
        get => _message.Length == 0 && Parameters is not null ? FindingMessages.Render(this, FindingLanguage.English) : _message;
        init => _message = value;
    }

    /// <summary>The text stored with the finding: empty when it is rendered from the parameters.</summary>
    internal string StoredMessage => _message;

    /// <summary>The value of a parameter, or null.</summary>
    public string? Parameter(string name)
    {
        foreach (var parameter in Parameters ?? [])
        {
            if (parameter.Name == name)
                return parameter.Value;
        }
        return null;
    }

    /// <summary>The message in a language, rendered from the code and parameters (<see cref="FindingMessages"/>).</summary>
    public string MessageIn(FindingLanguage language) => FindingMessages.Render(this, language);

    public bool Equals(Finding? other) =>
        other is not null && Code == other.Code && Severity == other.Severity && _message == other._message && Line == other.Line &&
        ActionNumber == other.ActionNumber && Expected == other.Expected && Actual == other.Actual && Department == other.Department &&
        Sheet == other.Sheet && Column == other.Column && (Parameters ?? []).SequenceEqual(other.Parameters ?? []);

    public override int GetHashCode() => HashCode.Combine(Code, _message, Line, ActionNumber, Sheet, Column);
}

/// <summary>One named value of a finding's message: <c>declared = 4181100.00</c>.</summary>
[GenerateSerializer, Immutable, Alias("poa.FindingParameter")]
public sealed record FindingParameter([property: Id(0)] string Name, [property: Id(1)] string Value);

[GenerateSerializer, Alias("poa.FindingSeverity")]
public enum FindingSeverity
{
    Info,
    Warning,
    Error,
}

public static class FindingFilters
{
    /// <summary>The findings that are problems (warnings and errors), without the informative ones (an indicator sheet
    /// still to fill): what a count of findings counts.</summary>
    public static IEnumerable<Finding> Problems(this IEnumerable<Finding> findings) => findings.Where(f => f.Severity != FindingSeverity.Info);
}

/// <summary>The languages findings are rendered in.</summary>
public enum FindingLanguage
{
    English,
    Spanish,
}

/// <summary>The codes of the findings the importer and the consistency checks produce.</summary>
public static class FindingCodes
{
    public const string AnnualTargetMismatch = "ANNUAL_TARGET_MISMATCH";
    public const string ActionInvestmentMismatch = "ACTION_INVESTMENT_MISMATCH";
    public const string SummaryInvestmentMismatch = "SUMMARY_INVESTMENT_MISMATCH";
    public const string SummaryTotalMismatch = "SUMMARY_TOTAL_MISMATCH";
    public const string SummaryActionMissing = "SUMMARY_ACTION_MISSING";
    public const string InvalidBudgetItem = "INVALID_BUDGET_ITEM";
    public const string DuplicateAction = "DUPLICATE_ACTION";
    public const string UnreadCell = "UNREAD_CELL";

    /// <summary>Every code, in the order the README lists them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        ActionInvestmentMismatch, AnnualTargetMismatch, InvalidBudgetItem, SummaryInvestmentMismatch, SummaryTotalMismatch,
        SummaryActionMissing, DuplicateAction, UnreadCell, ActionWithoutActivities, ActivityWithoutTargets, PoaWithoutActions,
        IndicatorIncomplete, MomentsOutOfOrder, ModifiedWithoutRequest,
    ];

    /// <summary>Info: what the indicator sheets of an action (its own and its activities') lack.</summary>
    public const string IndicatorIncomplete = "INDICATOR_INCOMPLETE";

    /// <summary>Warnings of the moments of expenditure an activity reported (<see cref="ProgressChecks"/>).</summary>
    public const string MomentsOutOfOrder = "MOMENTS_OUT_OF_ORDER";
    public const string ModifiedWithoutRequest = "MODIFIED_WITHOUT_REQUEST";

    /// <summary>What a submission weighs (<see cref="SubmissionChecks"/>): an action without activities (a warning), an
    /// activity without targets and a POA without actions (errors, which block it).</summary>
    public const string ActionWithoutActivities = "ACTION_WITHOUT_ACTIVITIES";
    public const string ActivityWithoutTargets = "ACTIVITY_WITHOUT_TARGETS";
    public const string PoaWithoutActions = "POA_WITHOUT_ACTIONS";

    /// <summary>Codes that one action's own content decides (<see cref="ConsistencyChecks.ForAction(PoaAction, int?, string?)"/>):
    /// kept current by whoever holds the action, unlike the document-level ones (summary sheet, duplicates, unread cells).</summary>
    public static bool IsActionLevel(string code) =>
        code is AnnualTargetMismatch or ActionInvestmentMismatch or InvalidBudgetItem or ActionWithoutActivities or ActivityWithoutTargets
            or IndicatorIncomplete or MomentsOutOfOrder or ModifiedWithoutRequest;
}
