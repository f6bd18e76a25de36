using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using PoaPlatform.Abstractions.Actions;
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
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => Either(c, s => s.Name, a => a.Fields.Name));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("axes")
            .Resolve(c => Either(c, s => s.Axes, a => a.Fields.Axes));
        Field<NonNullGraphType<DecimalGraphType>>("investment").Resolve(c => Either(c, s => s.Figures.Investment, a => a.Fields.Investment));
        Field<NonNullGraphType<StringGraphType>>("goal").Resolve(c => Snapshot(c, a => a.Fields.Goal));
        Field<NonNullGraphType<StringGraphType>>("objective").Resolve(c => Snapshot(c, a => a.Fields.Objective));
        Field<NonNullGraphType<StringGraphType>>("strategy").Resolve(c => Snapshot(c, a => a.Fields.Strategy));
        Field<NonNullGraphType<StringGraphType>>("purpose").Resolve(c => Snapshot(c, a => a.Fields.Purpose));
        Field<NonNullGraphType<PeopleType>>("beneficiaries")
            .Resolve(c => Snapshot(c, a => new People(a.Fields.Beneficiaries.Men, a.Fields.Beneficiaries.Women)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BudgetItemType>>>>("budgetItems").Resolve(c => Snapshot(c, a => a.Fields.BudgetItems));
        Field<NonNullGraphType<LongGraphType>>("version")
            .Description("Send it back as expectedVersion: a command conflicts only if a field it touches changed after it.")
            .Resolve(c => Snapshot(c, a => a.Version));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FieldVersionType>>>>("fieldVersions")
            .Resolve(c => Snapshot(c, a => a.FieldVersions.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new FieldVersion(f.Key, f.Value)).ToList()));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActivityType>>>>("activities")
            .Resolve(c => Snapshot(c, a => a.Activities.Select(activity => new ActivityNode(c.Source.Year, activity)).ToList()));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthFiguresType>>>>("monthly")
            .Resolve(c => Either(c, s => MonthFigures.Of(s.Figures), a => MonthFigures.Of(Programmed(a), Achieved(a), Spent(a))));
        Field<NonNullGraphType<ComplianceType>>("compliance")
            .Argument<IntGraphType>("upToMonth")
            .Resolve(c => Compliance(c));
        Field<NonNullGraphType<TrafficLightType>>("trafficLight")
            .Description("The light of compliance; the same argument as compliance.")
            .Argument<IntGraphType>("upToMonth")
            .Resolve(c => Map<MonthCompliance, TrafficLight>(Compliance(c), m => m.Compliance.Light));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FindingType>>>>("findings")
            .Resolve(c => Either(c, s => s.Findings, a => a.Findings));
        AuditQueries.AddTo(this);
    }

    private static object Compliance(IResolveFieldContext<ActionNode> context)
    {
        var calculator = context.RequestServices!.GetRequiredService<ComplianceCalculator>();
        var month = context.GetArgument<int?>("upToMonth");
        var year = context.Source.Year;
        return Either(context,
            s => calculator.Of(year, month, s.Figures.Programmed, s.Figures.Achieved),
            a => calculator.Of(year, month, Programmed(a), Achieved(a)));
    }

    internal static MonthlyValues Programmed(ActionSnapshot action) => Sum(action.Activities.Select(a => a.Programming.Monthly));

    internal static MonthlyValues Achieved(ActionSnapshot action) => Sum(action.Activities.Select(a => a.Achieved));

    private static MonthlyValues Spent(ActionSnapshot action) => Sum(action.Activities.Select(a => a.Spent));

    private static MonthlyValues Sum(IEnumerable<MonthlyValues> values) => values.Aggregate(MonthlyValues.Zero, (sum, v) => sum.Plus(v));

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

public sealed record FieldVersion(string Field, long Version);

public sealed class FieldVersionType : ObjectGraphType<FieldVersion>
{
    public FieldVersionType()
    {
        Name = "FieldVersion";
        Description = "The version that last changed a field (name, goal, activity:3:description, ...).";
        Field(f => f.Field);
        Field(f => f.Version);
    }
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
