namespace PoaPlatform.Domain.Findings;

/// <summary>An inconsistency detected in a POA. Findings never stop an import; they are reported with it.</summary>
[GenerateSerializer, Immutable, Alias("poa.Finding")]
public sealed record Finding(
    [property: Id(0)] string Code,
    [property: Id(1)] FindingSeverity Severity,
    [property: Id(2)] string Message,
    [property: Id(3)] int? Line = null,
    [property: Id(4)] int? ActionNumber = null,
    [property: Id(5)] decimal? Expected = null,
    [property: Id(6)] decimal? Actual = null,
    [property: Id(7)] string? Department = null);

[GenerateSerializer, Alias("poa.FindingSeverity")]
public enum FindingSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>The codes of the findings the consistency checks produce.</summary>
public static class FindingCodes
{
    public const string AnnualTargetMismatch = "ANNUAL_TARGET_MISMATCH";
    public const string ActionInvestmentMismatch = "ACTION_INVESTMENT_MISMATCH";
    public const string SummaryInvestmentMismatch = "SUMMARY_INVESTMENT_MISMATCH";
    public const string SummaryTotalMismatch = "SUMMARY_TOTAL_MISMATCH";
    public const string InvalidBudgetItem = "INVALID_BUDGET_ITEM";
    public const string DuplicateAction = "DUPLICATE_ACTION";

    /// <summary>What a submission weighs (<see cref="SubmissionChecks"/>): an action without activities (a warning), an
    /// activity without targets and a POA without actions (errors, which block it).</summary>
    public const string ActionWithoutActivities = "ACTION_WITHOUT_ACTIVITIES";
    public const string ActivityWithoutTargets = "ACTIVITY_WITHOUT_TARGETS";
    public const string PoaWithoutActions = "POA_WITHOUT_ACTIONS";

    /// <summary>Codes that one action's own content decides (<see cref="ConsistencyChecks.ForAction(PoaAction, int?, string?)"/>):
    /// kept current by whoever holds the action, unlike the document-level ones (summary sheet, duplicates).</summary>
    public static bool IsActionLevel(string code) =>
        code is AnnualTargetMismatch or ActionInvestmentMismatch or InvalidBudgetItem or ActionWithoutActivities or ActivityWithoutTargets;
}
