using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions.Consolidation;

namespace PoaPlatform.Server.Consolidation;

/// <summary>The totals of a city or a department.</summary>
public sealed class FiguresType : ObjectGraphType<Figures>
{
    public FiguresType()
    {
        Name = "Totals";
        Field(f => f.Investment).Description("Inversión aproximada, pesos: the modified programming (modificado).");
        Field(f => f.ApprovedInvestment).Description("The investment as approved (aprobado, the baseline); for a POA not yet approved, its current investment.");
        Field<NonNullGraphType<DecimalGraphType>>("investmentDifference").Description("Modified minus approved: what modification requests changed.")
            .Resolve(c => c.Source.Investment - c.Source.ApprovedInvestment);
        Field<NonNullGraphType<PeopleType>>("declaredBeneficiaries")
            .Description("The sum of what every action declares. Several actions declare the whole population, so this counts people many times; see largestCoverage.")
            .Resolve(c => new People(c.Source.BeneficiariesMen, c.Source.BeneficiariesWomen));
        Field<NonNullGraphType<PeopleType>>("largestCoverage")
            .Description("The beneficiaries of the single action that declares the most people.")
            .Resolve(c => new People(c.Source.LargestCoverage.Men, c.Source.LargestCoverage.Women));
        Field(f => f.Actions);
        Field(f => f.Activities);
        Field(f => f.Findings).Description("How many findings are problems (warnings and errors); informative ones, like an indicator sheet still to fill, are listed but not counted.");
        Field<NonNullGraphType<Budget.BudgetMomentsType>>("moments")
            .Description("Pesos by moment of expenditure from ENE up to upToMonth (DIC when not given).")
            .Argument<IntGraphType>("upToMonth")
            .Resolve(c => Budget.BudgetMoments.UpTo(c.Source.Moment, Months.Checked(c.GetArgument<int?>("upToMonth") ?? 12)));
    }
}

/// <summary>A count of men and women.</summary>
public sealed record People(long Men, long Women)
{
    public long Total => Men + Women;
}

public sealed class PeopleType : ObjectGraphType<People>
{
    public PeopleType()
    {
        Name = "People";
        Field(p => p.Men);
        Field(p => p.Women);
        Field(p => p.Total);
    }
}
