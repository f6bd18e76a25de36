using GraphQL;
using GraphQL.Types;
using PoaPlatform.Server.Consolidation;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Comparison;

public sealed class YearComparisonType : ObjectGraphType<YearComparisonNode>
{
    public YearComparisonType()
    {
        Name = "YearComparison";
        Description = "Comparación anual: the POA of `year` against the one of `with`.";
        Field(c => c.Municipality);
        Field(c => c.Year);
        Field(c => c.With);
        Field(c => c.UpToMonth).Description("Compliance of both years is measured up to this month.");
        Field<NonNullGraphType<FiguresComparisonType>>("totals").Resolve(c => c.Source.Totals);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DepartmentComparisonType>>>>("departments")
            .Description("Every department of either year, matched by slug, by name; `presence` keeps those of one year only.")
            .Argument<PresenceType>("presence")
            .Resolve(c => c.GetArgument<Presence?>("presence") is { } presence
                ? c.Source.Departments().Where(d => d.Presence == presence)
                : c.Source.Departments());
        Field<DepartmentComparisonType>("department")
            .Description("One department by its slug, in either year; null when neither year has it.")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .Resolve(c =>
            {
                var slug = Domain.Model.Slugs.From(c.GetArgument<string>("slug"));
                return c.Source.Departments().FirstOrDefault(d => d.Slug == slug);
            });
    }
}

public sealed class DepartmentComparisonType : ObjectGraphType<DepartmentComparisonNode>
{
    public DepartmentComparisonType()
    {
        Name = "DepartmentComparison";
        Field(d => d.Slug);
        Field(d => d.Name).Description("Its name in `year`, or in `with` when it exists only there.");
        Field<NonNullGraphType<PresenceType>>("presence").Resolve(c => c.Source.Presence);
        Field<NonNullGraphType<FiguresComparisonType>>("totals").Resolve(c => c.Source.Totals);
        Field<NonNullGraphType<ActionComparisonConnectionType>>("actions")
            .Description("Its actions of either year matched by number, in number order; `presence` keeps those of one year only.")
            .Argument<PresenceType>("presence")
            .WithPaging()
            .ResolveAsync(async c =>
            {
                var actions = await CompareQueries.ActionsAsync(c);
                var presence = c.GetArgument<Presence?>("presence");
                var kept = presence is null ? actions : actions.Where(a => a.Presence == presence).ToList();
                return Paging.Page(c, kept, a => a.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            });
    }
}

public sealed class ActionComparisonType : ObjectGraphType<ActionComparisonNode>
{
    public ActionComparisonType()
    {
        Name = "ActionComparison";
        Field(a => a.Number);
        Field(a => a.Name).Description("Its name in `year`, or in `with` when it exists only there.");
        Field<NonNullGraphType<PresenceType>>("presence").Resolve(c => c.Source.Presence);
        Field<NonNullGraphType<FiguresComparisonType>>("totals").Resolve(c => c.Source.Totals);
    }
}

public sealed class ActionComparisonConnectionType() : ConnectionType<ActionComparisonType, ActionComparisonNode>("ActionComparison");

public sealed class FiguresComparisonType : ObjectGraphType<FiguresComparisonNode>
{
    public FiguresComparisonType()
    {
        Name = "FiguresComparison";
        Description = "The figures of `year` and `with` side by side; a side where the department or action does not exist counts as zero.";
        Field<NonNullGraphType<ComparedFigureType>>("investment").Resolve(c => new ComparedFigure(c.Source.Year.Investment, c.Source.With.Investment));
        Field<NonNullGraphType<ComparedFigureType>>("actions").Resolve(c => new ComparedFigure(c.Source.Year.Actions, c.Source.With.Actions));
        Field<NonNullGraphType<ComparedFigureType>>("activities").Resolve(c => new ComparedFigure(c.Source.Year.Activities, c.Source.With.Activities));
        Field<NonNullGraphType<PeopleComparisonType>>("declaredBeneficiaries")
            .Description("The sum of what the actions declare (see Totals.declaredBeneficiaries).")
            .Resolve(c => c.Source);
        Field<NonNullGraphType<ComplianceComparisonType>>("compliance")
            .Description("Compliance of each year up to the comparison's upToMonth.")
            .Resolve(c => c.Source);
    }
}

public sealed class PeopleComparisonType : ObjectGraphType<FiguresComparisonNode>
{
    public PeopleComparisonType()
    {
        Name = "PeopleComparison";
        Field<NonNullGraphType<ComparedFigureType>>("men").Resolve(c => new ComparedFigure(c.Source.Year.BeneficiariesMen, c.Source.With.BeneficiariesMen));
        Field<NonNullGraphType<ComparedFigureType>>("women").Resolve(c => new ComparedFigure(c.Source.Year.BeneficiariesWomen, c.Source.With.BeneficiariesWomen));
        Field<NonNullGraphType<ComparedFigureType>>("total").Resolve(c => new ComparedFigure(
            c.Source.Year.BeneficiariesMen + c.Source.Year.BeneficiariesWomen, c.Source.With.BeneficiariesMen + c.Source.With.BeneficiariesWomen));
    }
}

public sealed class ComplianceComparisonType : ObjectGraphType<FiguresComparisonNode>
{
    public ComplianceComparisonType()
    {
        Name = "ComplianceComparison";
        Field<NonNullGraphType<ComplianceType>>("year").Resolve(c => Of(c, c.Source.Comparison.Year, c.Source.Year));
        Field<NonNullGraphType<ComplianceType>>("with").Resolve(c => Of(c, c.Source.Comparison.With, c.Source.With));
        Field<DecimalGraphType>("difference").Description("The ratio of `year` minus the ratio of `with`; null when either has none.")
            .Resolve(c => Of(c, c.Source.Comparison.Year, c.Source.Year).Compliance.Ratio - Of(c, c.Source.Comparison.With, c.Source.With).Compliance.Ratio);
    }

    private static MonthCompliance Of(IResolveFieldContext<FiguresComparisonNode> context, int year, Abstractions.Consolidation.Figures figures) =>
        context.RequestServices!.GetRequiredService<ComplianceCalculator>().Of(year, context.Source.Comparison.UpToMonth, figures.Programmed, figures.Achieved);
}

public sealed class ComparedFigureType : ObjectGraphType<ComparedFigure>
{
    public ComparedFigureType()
    {
        Name = "ComparedFigure";
        Description = "A value of `year` and of `with`, the difference (year − with) and the change (difference / with; null when with is 0).";
        Field(f => f.Year);
        Field(f => f.With);
        Field(f => f.Difference);
        Field(f => f.Change, nullable: true);
    }
}

public sealed class PresenceType : EnumerationGraphType<Presence>
{
    public PresenceType()
    {
        Name = "Presence";
        Description = "BOTH years, ONLY_IN_YEAR (new), ONLY_IN_WITH (gone).";
    }
}
