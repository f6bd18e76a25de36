using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Server.Consolidation;

namespace PoaPlatform.Server.Actions;

/// <summary>An activity with the action it belongs to (its progress and versions) and the year (for its compliance).</summary>
public sealed record ActivityNode(int Year, Activity Activity, ActionSnapshot Action)
{
    public ActivityProgress Progress => Action.ProgressOf(Activity.Id);
}

public sealed class ActivityType : ObjectGraphType<ActivityNode>
{
    public ActivityType()
    {
        Name = "Activity";
        Description = "An actividad of an action: who does it, how it is measured, its targets and its progress per month.";
        Field<NonNullGraphType<IntGraphType>>("id").Description("The activity's id within its action.").Resolve(c => c.Source.Activity.Id);
        Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Activity.Description);
        Field<NonNullGraphType<StringGraphType>>("responsibleArea").Resolve(c => c.Source.Activity.ResponsibleArea);
        Field<NonNullGraphType<StringGraphType>>("unit").Resolve(c => c.Source.Activity.Unit);
        Field<NonNullGraphType<StringGraphType>>("indicator").Description("The indicator's name; the rest of its sheet is indicatorSheet.")
            .Resolve(c => c.Source.Activity.Indicator);
        Field<NonNullGraphType<IndicatorSheetType>>("indicatorSheet").Resolve(c => c.Source.Activity.Sheet);
        Field<StringGraphType>("fundingSource").Description("The key of the funding source (see fundingSources); null when not said.")
            .Resolve(c => c.Source.Activity.FundingSource);
        Field<NonNullGraphType<DecimalGraphType>>("investment").Resolve(c => c.Source.Activity.Investment);
        Field<NonNullGraphType<DecimalGraphType>>("annualTarget").Resolve(c => c.Source.Activity.AnnualTarget);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DecimalGraphType>>>>("monthlyTargets")
            .Description("Twelve targets, ENE..DIC.")
            .Resolve(c => c.Source.Activity.Monthly.ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthProgressType>>>>("progress")
            .Description("The months with reported progress, in month order.")
            .Resolve(c => c.Source.Progress.Months
                .Select(m => new MonthProgressNode(m, c.Source.Action.VersionOf(FieldPath.Progress(c.Source.Activity.Id, m.Month))))
                .ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthFiguresType>>>>("monthly")
            .Resolve(c => MonthFigures.Of(c.Source.Activity.Monthly, c.Source.Progress.Achieved, c.Source.Progress.Moment));
        Field<NonNullGraphType<ComplianceType>>("compliance")
            .Description("Judged as the indicator sheet says: in its direction, at the end of its periods.")
            .Argument<IntGraphType>("upToMonth")
            .Resolve(c => c.RequestServices!.GetRequiredService<ComplianceCalculator>()
                .Of(c.Source.Year, c.GetArgument<int?>("upToMonth"), c.Source.Activity.Monthly, c.Source.Progress.Achieved, c.Source.Activity.Sheet));
    }
}

/// <summary>A month's progress with the action version that last changed it.</summary>
public sealed record MonthProgressNode(MonthProgress Progress, long Version);

public sealed class MonthProgressType : ObjectGraphType<MonthProgressNode>
{
    public MonthProgressType()
    {
        Name = "MonthProgress";
        Description = "Avance of one activity in one month.";
        Field<NonNullGraphType<IntGraphType>>("month").Resolve(c => c.Source.Progress.Month);
        Field<NonNullGraphType<DecimalGraphType>>("achieved").Resolve(c => c.Source.Progress.Achieved);
        Field<NonNullGraphType<DecimalGraphType>>("exercised").Description("Pesos exercised (ejercido).").Resolve(c => c.Source.Progress.Exercised);
        Field<NonNullGraphType<DecimalGraphType>>("spent").DeprecationReason("Use exercised: the same amount, by its CONAC name.")
            .Resolve(c => c.Source.Progress.Exercised);
        Field<NonNullGraphType<Budget.BudgetMomentsType>>("moments").Description("Pesos of each moment of expenditure reported for the month.")
            .Resolve(c => Budget.BudgetMoments.Of(c.Source.Progress.Of));
        Field<StringGraphType>("note").Resolve(c => c.Source.Progress.Note);
        Field(p => p.Version).Description("The action version that last changed this cell.");
    }
}
