using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Server.Consolidation;

namespace PoaPlatform.Server.Actions;

/// <summary>An activity with the year of its action (for its compliance).</summary>
public sealed record ActivityNode(int Year, ActivitySnapshot Activity);

public sealed class ActivityType : ObjectGraphType<ActivityNode>
{
    public ActivityType()
    {
        Name = "Activity";
        Description = "An actividad of an action: who does it, how it is measured, its targets and its progress per month.";
        Field<NonNullGraphType<IntGraphType>>("id").Description("The activity's id within its action.").Resolve(c => c.Source.Activity.Id);
        Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Activity.Programming.Description);
        Field<NonNullGraphType<StringGraphType>>("responsibleArea").Resolve(c => c.Source.Activity.Programming.ResponsibleArea);
        Field<NonNullGraphType<StringGraphType>>("unit").Resolve(c => c.Source.Activity.Programming.Unit);
        Field<NonNullGraphType<StringGraphType>>("indicator").Resolve(c => c.Source.Activity.Programming.Indicator);
        Field<NonNullGraphType<DecimalGraphType>>("investment").Resolve(c => c.Source.Activity.Programming.Investment);
        Field<NonNullGraphType<DecimalGraphType>>("annualTarget").Resolve(c => c.Source.Activity.Programming.AnnualTarget);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DecimalGraphType>>>>("monthlyTargets")
            .Description("Twelve targets, ENE..DIC.")
            .Resolve(c => c.Source.Activity.Programming.Monthly.ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthProgressType>>>>("progress")
            .Description("The months with reported progress, in month order.")
            .Resolve(c => c.Source.Activity.Progress.OrderBy(p => p.Month).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthFiguresType>>>>("monthly")
            .Resolve(c => MonthFigures.Of(c.Source.Activity.Programming.Monthly, c.Source.Activity.Achieved, c.Source.Activity.Spent));
        Field<NonNullGraphType<ComplianceType>>("compliance")
            .Argument<IntGraphType>("upToMonth")
            .Resolve(c => c.RequestServices!.GetRequiredService<ComplianceCalculator>()
                .Of(c.Source.Year, c.GetArgument<int?>("upToMonth"), c.Source.Activity.Programming.Monthly, c.Source.Activity.Achieved));
    }
}

public sealed class MonthProgressType : ObjectGraphType<MonthProgress>
{
    public MonthProgressType()
    {
        Name = "MonthProgress";
        Description = "Avance of one activity in one month.";
        Field(p => p.Month);
        Field(p => p.Achieved);
        Field(p => p.Spent);
        Field(p => p.Note, nullable: true);
        Field(p => p.Version).Description("The action version that last changed this cell.");
    }
}
