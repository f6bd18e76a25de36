using PoaPlatform.Abstractions.Editing;

namespace PoaPlatform.Abstractions.Actions;

/// <summary>One action of a department's POA, keyed municipality/year/department/number: its programming and progress.</summary>
/// <remarks>When a command returns, its change is durable and, unless the department could not be reached (then it
/// follows in the background), the department and POA roll-ups already show it.</remarks>
public interface IActionGrain : IGrainWithStringKey
{
    /// <summary>Programming, progress and versions; null when the action does not exist.</summary>
    [ReadOnly]
    Task<ActionSnapshot?> GetAsync();

    /// <summary>The department's read of this action: its current summary. Interleaves, since the department asks
    /// while it rebuilds, and may be asked by a department this action is pushing to.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<ActionSummary?> GetSummaryAsync();

    /// <summary>Runs one command. A command whose effect is already in the action succeeds at the current version.</summary>
    Task<CommandResult> ExecuteAsync(ActionCommand command, CommandContext context);
}
