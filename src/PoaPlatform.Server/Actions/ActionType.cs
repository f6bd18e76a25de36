using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Consolidation;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Domain.Consolidation;
using PoaPlatform.Server.Audit;
using PoaPlatform.Server.Consolidation;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Actions;

public sealed class ActionType : ObjectGraphType<ActionNode>
{
    public ActionType()
    {
        Name = "Action";
        Description = "An acción of the POA: what a department commits to do in the year, with its activities.";
        Field(a => a.Key).Description("municipality/year/department/number.");
        Field(a => a.Department).Description("The slug of the department that owns the action.");
        Field(a => a.Number);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => Either(c, s => s.Name, a => a.Action.Name));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("axes")
            .Resolve(c => Either(c, s => s.Axes, a => a.Action.Axes));
        Field<NonNullGraphType<DecimalGraphType>>("investment").Resolve(c => Either(c, s => s.Figures.Investment, a => a.Action.Investment));
        Field<NonNullGraphType<StringGraphType>>("goal").Resolve(c => Snapshot(c, a => a.Action.Goal));
        Field<NonNullGraphType<StringGraphType>>("objective").Resolve(c => Snapshot(c, a => a.Action.Objective));
        Field<NonNullGraphType<StringGraphType>>("strategy").Resolve(c => Snapshot(c, a => a.Action.Strategy));
        Field<NonNullGraphType<StringGraphType>>("purpose").Resolve(c => Snapshot(c, a => a.Action.Purpose));
        Field<NonNullGraphType<PeopleType>>("beneficiaries")
            .Resolve(c => Snapshot(c, a => new People(a.Action.Beneficiaries.Men, a.Action.Beneficiaries.Women)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BudgetItemType>>>>("budgetItems").Resolve(c => Snapshot(c, a => a.Action.BudgetItems));
        Field<NonNullGraphType<StringGraphType>>("indicator").Description("The name of the action's own indicator (\"\" when it has none).")
            .Resolve(c => Snapshot(c, a => a.Action.Indicator));
        Field<NonNullGraphType<IndicatorSheetType>>("indicatorSheet").Resolve(c => Snapshot(c, a => a.Action.Sheet));
        Field<NonNullGraphType<LongGraphType>>("version")
            .Description("Send it back as expectedVersion: a command conflicts only if a path it changes changed after it.")
            .Resolve(c => Snapshot(c, a => a.Version));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FieldVersionType>>>>("fieldVersions")
            .Description("The version that last changed each path of the action, in path order.")
            .Resolve(c => Snapshot(c, a => a.FieldVersions));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActivityType>>>>("activities")
            .Resolve(c => Snapshot(c, a => a.Action.Activities.Select(activity => new ActivityNode(c.Source.Year, activity, a)).ToList()));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthFiguresType>>>>("monthly")
            .Description("The twelve months: targets as modified and as approved, achieved, the moments of expenditure.")
            .ResolveAsync(async c => MonthFigures.Of((await SummaryAsync(c))?.Figures ?? Figures.Zero));
        Field<NonNullGraphType<ComplianceType>>("compliance")
            .Description("Of the action's activities together, judged as the action's own indicator sheet says (direction, frequency) when it has one.")
            .Argument<IntGraphType>("upToMonth")
            .Resolve(c => Compliance(c));
        Field<NonNullGraphType<TrafficLightType>>("trafficLight")
            .Description("The light of compliance; the same argument as compliance.")
            .Argument<IntGraphType>("upToMonth")
            .Resolve(c => Map<MonthCompliance, TrafficLight>(Compliance(c), m => m.Compliance.Light));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FindingType>>>>("findings")
            .Resolve(c => Either(c, s => s.Findings, a => a.Findings));
        AuditQueries.AddTo(this);
        Cycle.ModificationFields.AddTo(this);
        ForecastFields.AddTo(this);
        Evidence.EvidenceFields.AddTo(this);
    }

    private static object Compliance(IResolveFieldContext<ActionNode> context)
    {
        var calculator = context.RequestServices!.GetRequiredService<ComplianceCalculator>();
        var month = context.GetArgument<int?>("upToMonth");
        var year = context.Source.Year;
        return Either(context,
            s => calculator.Of(year, month, s.Figures.Programmed, s.Figures.Achieved, s.Judging),
            a => calculator.Of(year, month, Programmed(a), Achieved(a), a.Action.IndicatorSheet));
    }

    /// <summary>The action as its department rolls it up: approved figures against the department's approval.</summary>
    private static async Task<ActionSummary?> SummaryAsync(IResolveFieldContext<ActionNode> context)
    {
        if (context.Source.Summary is { } summary)
            return summary;
        var view = await context.RequestServices!.GetRequiredService<Departments.DepartmentViewLoader>().LoadAsync(Abstractions.PoaKeys.Parent(context.Source.Key));
        return view.Actions.FirstOrDefault(a => a.Key == context.Source.Key);
    }

    internal static MonthlyValues Programmed(ActionSnapshot action) => Activity.Programmed(action.Action.Activities);

    internal static MonthlyValues Achieved(ActionSnapshot action) => MonthlyValues.Sum(action.Progress.Select(p => p.Achieved));


    /// <summary>From the summary when the node has one (no grain call), else from the action loaded in the batch.</summary>
    private static object Either<T>(IResolveFieldContext<ActionNode> context, Func<ActionSummary, T> fromSummary, Func<ActionSnapshot, T> fromSnapshot)
        where T : notnull =>
        context.Source.Summary is { } summary ? fromSummary(summary) : Snapshot(context, fromSnapshot);

    private static IDataLoaderResult<T> Snapshot<T>(IResolveFieldContext<ActionNode> context, Func<ActionSnapshot, T> map) =>
        context.RequestServices!.GetRequiredService<ActionLoader>().Load(context.Source.Key).Then(snapshot =>
            snapshot is null
                ? throw PoaErrors.Of(Abstractions.Editing.ErrorCodes.NotFound, $"The action {context.Source.Key} does not exist.")
                : map(snapshot));

    /// <summary>Maps a value that is either at hand or still to be loaded.</summary>
    private static object Map<T, TOut>(object value, Func<T, TOut> map)
        where TOut : notnull =>
        value is IDataLoaderResult<T> pending ? pending.Then(map) : map((T)value);
}

public sealed class FieldVersionType : ObjectGraphType<FieldVersion>
{
    public FieldVersionType()
    {
        Name = "FieldVersion";
        Description = "The version that last changed one path of an action: a field, an activity's field, or one month's target or progress.";
        Field<NonNullGraphType<StringGraphType>>("path").Description("name, activity/3, activity/3/description, activity/3/target/5, activity/3/progress/5, ...")
            .Resolve(c => c.Source.Path.ToString());
        Field<NonNullGraphType<FieldKindType>>("kind").Resolve(c => c.Source.Path.Kind);
        Field<IntGraphType>("activityId").Description("The activity, for a path of an activity.").Resolve(c => c.Source.Path.ActivityId);
        Field<IntGraphType>("month").Description("1 (ENE) to 12 (DIC), for a target or a progress path.").Resolve(c => c.Source.Path.Month);
        Field(f => f.Version);
    }
}

public sealed class FieldKindType : EnumerationGraphType<FieldKind>
{
    public FieldKindType()
    {
        Name = "FieldKind";
        Description = "What a path is: a field of the action (NAME, ...), the existence of the action (ACTION) or of an activity (ACTIVITY), a field of an activity (ACTIVITY_...), a month's TARGET or PROGRESS.";
    }
}

/// <summary>The names GraphQL gives the field kinds, also used in error extensions.</summary>
public static class FieldKindNames
{
    public static string Of(FieldKind kind) => kind.ToString().ToConstantCase();
}

public sealed class BudgetItemType : ObjectGraphType<BudgetItem>
{
    public BudgetItemType()
    {
        Name = "BudgetItem";
        Description = "A partida presupuestal: a 4-digit code of the CONAC expense classifier.";
        Field(b => b.Code);
        Field(b => b.Chapter).Description("First digit × 1000; 0 when the code is not valid.");
        Field(b => b.ChapterName);
    }
}
