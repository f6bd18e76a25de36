using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Persistence;
using PoaPlatform.Server.Actions;
using PoaPlatform.Server.Departments;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Cycle;

/// <summary>Modification requests (reprogramación) of an approved action, its baseline (the approved programming)
/// beside the modified one, and its comment thread.</summary>
public static class ModificationFields
{
    public static void AddTo(ObjectGraphType<ActionNode> action)
    {
        action.Field<NonNullGraphType<ModificationRequestConnectionType>>("modificationRequests")
            .Description("The modification requests of the action, oldest first.")
            .WithPaging()
            .ResolveAsync(async c => Paging.Page(c, (await SnapshotAsync(c))?.Requests ?? [], r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        action.Field<NonNullGraphType<BooleanGraphType>>("programmingEditable")
            .Description("False once the department's POA is submitted, in review or approved: then the programming changes only through modification requests.")
            .ResolveAsync(async c => CycleRules.ProgrammingEditable((await DepartmentAsync(c)).Summary.CycleOrStart.Status));
        action.Field<BaselineType>("baseline")
            .Description("The programming as the last approval left it, beside the current (modified) one; null before the first approval.")
            .ResolveAsync(async c =>
            {
                var approval = (await DepartmentAsync(c)).Summary.CycleOrStart.ApprovalNumber;
                return approval == 0 || await SnapshotAsync(c) is not { } snapshot ? null : new Baseline(snapshot.BaselineOf(approval), snapshot.Action);
            });
        action.Field<NonNullGraphType<CommentConnectionType>>("comments").Description("The action's thread, oldest first.")
            .WithPaging()
            .ResolveAsync(async c => await CycleFields.CommentsAsync(c, (store, after, limit) => store.ForActionAsync(c.Source.Key, after, limit, c.CancellationToken)));
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        ActionMutations.Command<RequestModificationInput, RequestModificationInputType>(mutation, "requestModification",
            "Asks the planning unit to change an approved action: targets of months not yet closed, investments, an activity added or cancelled, with a justification.",
            (authorization, user, input) => authorization.EnsureCanEdit(user, input.MunicipalitySlug, input.Year, input.DepartmentSlug),
            input => new RequestModification(input.Kind, input.Justification, Changes(input)));
        ActionMutations.Command<DecideModificationInput, DecideModificationInputType>(mutation, "decideModification",
            "Authorises (and applies, field by field) or rejects a modification request (planning unit).",
            (authorization, user, input) => authorization.EnsureCanPlan(user, input.MunicipalitySlug, input.Year),
            input => new DecideModification(input.RequestId, input.Authorize, input.Comment));
    }

    private static List<ActionCommand> Changes(RequestModificationInput input)
    {
        var changes = new List<ActionCommand>();
        if (input.Investment is { } investment)
            changes.Add(new UpdateAction(new ActionUpdate(Investment: investment)));
        foreach (var activity in input.ActivityInvestments ?? [])
            changes.Add(new UpdateActivity(activity.ActivityId, new ActivityUpdate(Investment: activity.Investment)));
        foreach (var group in (input.Targets ?? []).GroupBy(t => t.ActivityId))
            changes.Add(new SetMonthlyTargets(group.Key, [.. group.Select(t => new MonthValue(t.Month, t.Value))]));
        if (input.NewActivity is { } added)
            changes.Add(new AddActivity(ActionMutations.ToActivity(added, "newActivity.")));
        if (input.CancelActivityId is { } cancelled)
            changes.Add(new RemoveActivity(cancelled));
        return changes;
    }

    private static Task<ActionSnapshot?> SnapshotAsync(IResolveFieldContext<ActionNode> c) =>
        c.RequestServices!.GetRequiredService<ActionLoader>().Load(c.Source.Key).GetResultAsync(c.CancellationToken);

    private static async Task<DepartmentNode> DepartmentAsync(IResolveFieldContext<ActionNode> c)
    {
        var view = await c.RequestServices!.GetRequiredService<DepartmentViewLoader>().LoadAsync(PoaKeys.Parent(c.Source.Key));
        return new DepartmentNode(c.Source.Year, view.Summary);
    }
}

/// <summary>The approved programming and the current one of an action.</summary>
public sealed record Baseline(PoaAction Approved, PoaAction Current);

public sealed class BaselineType : ObjectGraphType<Baseline>
{
    public BaselineType()
    {
        Name = "Baseline";
        Description = "The approved programming (aprobado) beside the modified one.";
        Field<NonNullGraphType<DecimalGraphType>>("investment").Resolve(c => c.Source.Approved.Investment);
        Field<NonNullGraphType<DecimalGraphType>>("investmentDifference").Description("Modified minus approved.")
            .Resolve(c => c.Source.Current.Investment - c.Source.Approved.Investment);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DecimalGraphType>>>>("monthlyTargets").Description("The approved targets of all activities, ENE..DIC.")
            .Resolve(c => Activity.Programmed(c.Source.Approved.Activities).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DecimalGraphType>>>>("monthlyDifference").Description("Modified minus approved, ENE..DIC.")
            .Resolve(c => Activity.Programmed(c.Source.Current.Activities).Minus(Activity.Programmed(c.Source.Approved.Activities)).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BaselineActivityType>>>>("activities").Description("The approved activities (a cancelled one is only here).")
            .Resolve(c => c.Source.Approved.Activities.Select(a => new BaselineActivity(a, c.Source.Current.Activities.FirstOrDefault(x => x.Id == a.Id))).ToList());
    }
}

public sealed record BaselineActivity(Activity Approved, Activity? Current);

public sealed class BaselineActivityType : ObjectGraphType<BaselineActivity>
{
    public BaselineActivityType()
    {
        Name = "BaselineActivity";
        Field<NonNullGraphType<IntGraphType>>("id").Resolve(c => c.Source.Approved.Id);
        Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Approved.Description);
        Field<NonNullGraphType<DecimalGraphType>>("investment").Resolve(c => c.Source.Approved.Investment);
        Field<NonNullGraphType<DecimalGraphType>>("annualTarget").Resolve(c => c.Source.Approved.AnnualTarget);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DecimalGraphType>>>>("monthlyTargets").Resolve(c => c.Source.Approved.Monthly.ToList());
        Field<NonNullGraphType<BooleanGraphType>>("cancelled").Description("The modified programming no longer has it.").Resolve(c => c.Source.Current is null);
    }
}

public sealed class ModificationKindType : EnumerationGraphType<ModificationKind>
{
    public ModificationKindType() => Name = "ModificationKind";
}

public sealed class ModificationStatusType : EnumerationGraphType<ModificationStatus>
{
    public ModificationStatusType() => Name = "ModificationStatus";
}

public sealed class ModificationRequestType : ObjectGraphType<ModificationRequest>
{
    public ModificationRequestType()
    {
        Name = "ModificationRequest";
        Field(r => r.Id);
        Field<NonNullGraphType<ModificationKindType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<ModificationStatusType>>("status").Resolve(c => c.Source.Status);
        Field(r => r.Justification);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("changes").Description("What it changes, one line per change.")
            .Resolve(c => c.Source.Changes.Select(Describe).ToList());
        Field(r => r.ExpectedVersion).Description("The action version it was made from.");
        Field(r => r.RequestedBy);
        Field(r => r.RequestedAt);
        Field(r => r.DecidedBy, nullable: true);
        Field(r => r.DecidedAt, nullable: true);
        Field(r => r.Comment, nullable: true);
    }

    private static string Describe(ActionCommand change) => change switch
    {
        UpdateAction { Update.Investment: { } investment } => $"inversión de la acción: {Domain.Model.Money.Format(investment)}",
        UpdateActivity { Update.Investment: { } investment } activity => $"inversión de la actividad {activity.ActivityId}: {Domain.Model.Money.Format(investment)}",
        SetMonthlyTargets targets => $"programación de la actividad {targets.ActivityId}: {string.Join(", ", targets.Targets.Select(t => $"{Month.Name(t.Month)} {t.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))}",
        AddActivity added => $"nueva actividad: {added.Activity.Description}",
        RemoveActivity removed => $"cancelar la actividad {removed.ActivityId}",
        _ => change.Name,
    };
}

public sealed class ModificationRequestConnectionType() : ConnectionType<ModificationRequestType, ModificationRequest>("ModificationRequest");

public sealed class ActivityInvestmentInput
{
    public int ActivityId { get; set; }

    public decimal Investment { get; set; }
}

public sealed class ActivityInvestmentInputType : InputObjectGraphType<ActivityInvestmentInput>
{
    public ActivityInvestmentInputType()
    {
        Name = "ActivityInvestmentInput";
        Field(i => i.ActivityId);
        Field(i => i.Investment);
    }
}

public sealed class TargetInput
{
    public int ActivityId { get; set; }

    public int Month { get; set; }

    public decimal Value { get; set; }
}

public sealed class TargetInputType : InputObjectGraphType<TargetInput>
{
    public TargetInputType()
    {
        Name = "TargetInput";
        Field(i => i.ActivityId);
        Field(i => i.Month).Description("1 (ENE) to 12 (DIC); only months not yet closed.");
        Field(i => i.Value);
    }
}

public sealed class RequestModificationInput : VersionedInput
{
    public ModificationKind Kind { get; set; }

    public string Justification { get; set; } = "";

    public decimal? Investment { get; set; }

    public IReadOnlyList<ActivityInvestmentInput>? ActivityInvestments { get; set; }

    public IReadOnlyList<TargetInput>? Targets { get; set; }

    public ActivityInput? NewActivity { get; set; }

    public int? CancelActivityId { get; set; }
}

public sealed class RequestModificationInputType : InputObjectGraphType<RequestModificationInput>
{
    public RequestModificationInputType()
    {
        Name = "RequestModificationInput";
        Description = "What to change of an approved action, and why.";
        InputFields.Target(this);
        Field<NonNullGraphType<ModificationKindType>>("kind");
        Field(i => i.Justification);
        Field(i => i.Investment, nullable: true).Description("The action's new investment.");
        Field<ListGraphType<NonNullGraphType<ActivityInvestmentInputType>>>("activityInvestments");
        Field<ListGraphType<NonNullGraphType<TargetInputType>>>("targets");
        Field<ActivityInputType>("newActivity");
        Field(i => i.CancelActivityId, nullable: true);
    }
}

public sealed class DecideModificationInput : VersionedInput
{
    public int RequestId { get; set; }

    public bool Authorize { get; set; }

    public string? Comment { get; set; }
}

public sealed class DecideModificationInputType : InputObjectGraphType<DecideModificationInput>
{
    public DecideModificationInputType()
    {
        Name = "DecideModificationInput";
        InputFields.Target(this);
        Field(i => i.RequestId);
        Field(i => i.Authorize);
        Field(i => i.Comment, nullable: true).Description("Required to reject.");
    }
}
