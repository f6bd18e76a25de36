using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Domain.Model;

namespace PoaPlatform.Grains.Tests.Infrastructure;

/// <summary>The action commands as one-line calls, so that tests read as what an editor does.</summary>
internal static class Commands
{
    public static Task<CommandResult> CreateAsync(this IActionGrain grain, PoaAction action, Editor editor, string? clientMutationId = null) =>
        grain.ExecuteAsync(new CreateAction(action), new CommandContext(editor, null, clientMutationId));

    public static Task<CommandResult> ImportAsync(this IActionGrain grain, PoaAction action, Editor editor) =>
        grain.ExecuteAsync(new ImportAction(action), new CommandContext(editor));

    public static Task<CommandResult> UpdateAsync(this IActionGrain grain, ActionUpdate update, long seen, Editor editor) =>
        grain.ExecuteAsync(new UpdateAction(update), new CommandContext(editor, seen));

    public static Task<CommandResult> DeleteAsync(this IActionGrain grain, long seen, Editor editor) =>
        grain.ExecuteAsync(new DeleteAction(), new CommandContext(editor, seen));

    public static Task<CommandResult> AddActivityAsync(this IActionGrain grain, Activity activity, long seen, Editor editor) =>
        grain.ExecuteAsync(new AddActivity(activity), new CommandContext(editor, seen));

    public static Task<CommandResult> UpdateActivityAsync(this IActionGrain grain, int activityId, ActivityUpdate update, long seen, Editor editor) =>
        grain.ExecuteAsync(new UpdateActivity(activityId, update), new CommandContext(editor, seen));

    public static Task<CommandResult> RemoveActivityAsync(this IActionGrain grain, int activityId, long seen, Editor editor) =>
        grain.ExecuteAsync(new RemoveActivity(activityId), new CommandContext(editor, seen));

    public static Task<CommandResult> SetMonthlyTargetsAsync(this IActionGrain grain, int activityId, IReadOnlyList<MonthValue> targets, long seen, Editor editor) =>
        grain.ExecuteAsync(new SetMonthlyTargets(activityId, targets), new CommandContext(editor, seen));

    public static Task<CommandResult> ReportProgressAsync(this IActionGrain grain, int activityId, MonthProgress progress, long seen, Editor editor, string? clientMutationId = null) =>
        grain.ExecuteAsync(new ReportProgress(activityId, progress), new CommandContext(editor, seen, clientMutationId));
}
