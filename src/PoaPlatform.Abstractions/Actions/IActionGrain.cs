using PoaPlatform.Abstractions.Editing;

namespace PoaPlatform.Abstractions.Actions;

/// <summary>One action of a department's POA, keyed municipality/year/department/number: its programming and progress.</summary>
/// <remarks>Every command takes the version its editor last saw and conflicts only when a field it touches changed
/// after that version. When a command returns, the department and city roll-ups already show its effect.</remarks>
public interface IActionGrain : IGrainWithStringKey
{
    /// <summary>Programming, progress and version; null when the action does not exist.</summary>
    [ReadOnly]
    Task<ActionSnapshot?> GetAsync();

    /// <summary>The last stored summary (what the department rolls up). Interleaves: a parent may ask while this pushes.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<ActionSummary?> GetSummaryAsync();

    Task<CommandResult> CreateAsync(ActionFields fields, IReadOnlyList<Activity> activities, Editor editor);

    Task<CommandResult> UpdateAsync(ActionFieldsUpdate update, long expectedVersion, Editor editor);

    Task<CommandResult> DeleteAsync(long expectedVersion, Editor editor);

    Task<CommandResult> AddActivityAsync(Activity activity, long expectedVersion, Editor editor);

    Task<CommandResult> UpdateActivityAsync(int activityId, ActivityUpdate update, long expectedVersion, Editor editor);

    Task<CommandResult> RemoveActivityAsync(int activityId, long expectedVersion, Editor editor);

    /// <summary>Sets the targets of the given months (others unchanged); the annual target follows the months.</summary>
    Task<CommandResult> SetMonthlyTargetsAsync(int activityId, IReadOnlyList<MonthValue> targets, long expectedVersion, Editor editor);

    /// <summary>Reports what was achieved and spent in one month of one activity.</summary>
    Task<CommandResult> ReportProgressAsync(int activityId, ProgressReport report, long expectedVersion, Editor editor);

    /// <summary>Replaces the programming with an imported one. Importing the same action again changes nothing.</summary>
    Task<CommandResult> ImportAsync(PoaAction action, Editor editor);
}
