using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Editing;

namespace PoaPlatform.Abstractions.Departments;

/// <summary>A department's section of the POA, keyed municipality/year/department: its actions and their roll-up.</summary>
public interface IDepartmentGrain : IGrainWithStringKey
{
    /// <summary>The department's figures with the summary of each of its actions.</summary>
    [ReadOnly]
    Task<DepartmentView> GetViewAsync();

    /// <summary>What the POA rolls up. Interleaves: the POA may ask while this department pushes.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<DepartmentSummary> GetSummaryAsync();

    /// <summary>An action pushes its whole summary after every change; an older version is ignored.</summary>
    Task ReportActionAsync(ActionSummary summary);

    /// <summary>Admits an action about to be created or imported while the department has room for it
    /// (<c>PoaRules.MaxActionsPerDepartment</c>, counting those admitted that have not pushed yet), and the department
    /// into its POA; null when admitted, otherwise why not (<c>VALIDATION</c>).</summary>
    Task<CommandError?> AdmitActionAsync(string actionKey);

    /// <summary>Admits many actions at once, as an import does, under the same limit as <see cref="AdmitActionAsync"/>,
    /// and writes the membership once for the whole batch: afterwards neither the actions' own admission nor their first
    /// push finds anything to write. Answers per key, in order: null when admitted (or already a member), otherwise why
    /// not (<c>VALIDATION</c>). A key admitted whose action is never created shows nowhere (it has no summary).</summary>
    Task<IReadOnlyList<CommandError?>> AdmitActionsAsync(IReadOnlyList<string> actionKeys);

    /// <summary>Ends the import a bulk admission began: while it lasts (at most <c>DepartmentGrain.ImportWindow</c>) the
    /// department takes its actions' pushes without pushing each to the POA; this pushes once, now, and answers when the
    /// POA holds the department's figures.</summary>
    Task EndImportAsync();

    /// <summary>Names the department and records the findings of the document it was imported from; refused
    /// (<c>VALIDATION</c>) when the POA has no room for another department.</summary>
    Task<CommandError?> DescribeAsync(string name, IReadOnlyList<Finding> documentFindings);

    /// <summary>What an action checks before a command: the status (is the programming locked?), the approval number
    /// (its baseline), the calendar and the months reopened. Interleaves: an action asks while it runs a command.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<DepartmentRules> GetRulesAsync();

    /// <summary>One transition of the year's cycle, at the cycle version the user saw (<see cref="CommandContext.ExpectedVersion"/>).</summary>
    Task<CommandResult> TransitionAsync(CycleTransition transition, string? comment, IReadOnlyList<FindingExplanation> explanations, CommandContext context);

    /// <summary>The POA tells its departments of a new calendar as soon as a planner sets it.</summary>
    [AlwaysInterleave]
    Task UseCalendarAsync(PoaCalendar calendar);

    /// <summary>Reopens a month whose cut-off passed for this department (late reports), or closes it again.</summary>
    Task<CommandResult> SetMonthReopenedAsync(int month, bool reopened, CommandContext context);
}
