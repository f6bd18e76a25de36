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

/// <summary>
/// A change to one action, sent to <see cref="IActionGrain.ExecuteAsync"/>. Commands carry only what the editor
/// asked for; the grain computes the action after the command, and the paths that differ are what the command
/// touched: the conflict check, the field versions and the audit entries all come from that one difference.
/// </summary>
[GenerateSerializer, Immutable, Alias("poa.ActionCommand")]
public abstract record ActionCommand
{
    /// <summary>The command's name in the audit trail and the metrics (the GraphQL mutation's name).</summary>
    public abstract string Name { get; }
}

/// <summary>Creates an action with its activities (their ids are given by the action: 1..n).</summary>
[GenerateSerializer, Immutable, Alias("poa.CreateAction")]
public sealed record CreateAction([property: Id(0)] PoaAction Action) : ActionCommand
{
    public override string Name => "createAction";
}

/// <summary>Changes the fields given of an action.</summary>
[GenerateSerializer, Immutable, Alias("poa.UpdateAction")]
public sealed record UpdateAction([property: Id(0)] ActionUpdate Update) : ActionCommand
{
    public override string Name => "updateAction";
}

[GenerateSerializer, Immutable, Alias("poa.DeleteAction")]
public sealed record DeleteAction : ActionCommand
{
    public override string Name => "deleteAction";
}

/// <summary>Adds an activity; it gets the action's next unused id (the one it is sent with is ignored).</summary>
[GenerateSerializer, Immutable, Alias("poa.AddActivity")]
public sealed record AddActivity([property: Id(0)] Activity Activity) : ActionCommand
{
    public override string Name => "addActivity";
}

[GenerateSerializer, Immutable, Alias("poa.UpdateActivity")]
public sealed record UpdateActivity([property: Id(0)] int ActivityId, [property: Id(1)] ActivityUpdate Update) : ActionCommand
{
    public override string Name => "updateActivity";
}

/// <summary>Removes an activity with its progress. Its id is never given to another activity of the action.</summary>
[GenerateSerializer, Immutable, Alias("poa.RemoveActivity")]
public sealed record RemoveActivity([property: Id(0)] int ActivityId) : ActionCommand
{
    public override string Name => "removeActivity";
}

/// <summary>Sets the targets of the months given (others unchanged); the annual target becomes their sum.</summary>
[GenerateSerializer, Immutable, Alias("poa.SetMonthlyTargets")]
public sealed record SetMonthlyTargets([property: Id(0)] int ActivityId, [property: Id(1)] IReadOnlyList<MonthValue> Targets) : ActionCommand
{
    public override string Name => "setMonthlyTargets";
}

/// <summary>Reports what one activity achieved and spent in one month (a report of nothing clears the month).</summary>
[GenerateSerializer, Immutable, Alias("poa.ReportProgress")]
public sealed record ReportProgress([property: Id(0)] int ActivityId, [property: Id(1)] MonthProgress Progress) : ActionCommand
{
    public override string Name => "reportProgress";
}

/// <summary>Replaces the programming with an imported one; activities are matched by position and keep their ids and
/// progress. Importing the same action again changes nothing.</summary>
[GenerateSerializer, Immutable, Alias("poa.ImportAction")]
public sealed record ImportAction([property: Id(0)] PoaAction Action) : ActionCommand
{
    public override string Name => "importPoa";
}

/// <summary>A partial update of an action's fields: null leaves a field as it is.</summary>
[GenerateSerializer, Immutable, Alias("poa.ActionFieldsUpdate")]
public sealed record ActionUpdate(
    [property: Id(0)] string? Name = null,
    [property: Id(1)] IReadOnlyList<string>? Axes = null,
    [property: Id(2)] string? Goal = null,
    [property: Id(3)] string? Objective = null,
    [property: Id(4)] string? Strategy = null,
    [property: Id(5)] string? Purpose = null,
    [property: Id(6)] Beneficiaries? Beneficiaries = null,
    [property: Id(7)] decimal? Investment = null,
    [property: Id(8)] IReadOnlyList<BudgetItem>? BudgetItems = null,
    [property: Id(9)] string? Indicator = null,
    [property: Id(10)] IndicatorSheet? IndicatorSheet = null)
{
    public PoaAction ApplyTo(PoaAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action with
        {
            Name = Name ?? action.Name,
            Axes = Axes ?? action.Axes,
            Goal = Goal ?? action.Goal,
            Objective = Objective ?? action.Objective,
            Strategy = Strategy ?? action.Strategy,
            Purpose = Purpose ?? action.Purpose,
            Beneficiaries = Beneficiaries ?? action.Beneficiaries,
            Investment = Investment ?? action.Investment,
            BudgetItems = BudgetItems ?? action.BudgetItems,
            Indicator = Indicator ?? action.Indicator,
            IndicatorSheet = IndicatorSheet ?? action.IndicatorSheet,
        };
    }
}

/// <summary>A partial update of an activity's fields: null leaves a field as it is.</summary>
[GenerateSerializer, Immutable, Alias("poa.ActivityUpdate")]
public sealed record ActivityUpdate(
    [property: Id(0)] string? Description = null,
    [property: Id(1)] string? ResponsibleArea = null,
    [property: Id(2)] string? Unit = null,
    [property: Id(3)] string? Indicator = null,
    [property: Id(4)] decimal? Investment = null,
    [property: Id(5)] IndicatorSheet? IndicatorSheet = null,
    [property: Id(6)] string? FundingSource = null)
{
    /// <summary>The activity after the update; a field left null stays as it is, an empty funding source clears it.</summary>
    public Activity ApplyTo(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity with
        {
            Description = Description ?? activity.Description,
            ResponsibleArea = ResponsibleArea ?? activity.ResponsibleArea,
            Unit = Unit ?? activity.Unit,
            Indicator = Indicator ?? activity.Indicator,
            Investment = Investment ?? activity.Investment,
            IndicatorSheet = IndicatorSheet ?? activity.IndicatorSheet,
            FundingSource = FundingSource is null ? activity.FundingSource : FundingSource.Length == 0 ? null : FundingSource,
        };
    }
}
