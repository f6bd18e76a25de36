using GraphQL.Types;
using PoaPlatform.Abstractions.Consolidation;

namespace PoaPlatform.Server.Budget;

/// <summary>Pesos by CONAC moment of expenditure, for one month or a span of months.</summary>
public sealed record BudgetMoments(decimal Approved, decimal Modified, decimal Committed, decimal Accrued, decimal Exercised, decimal Paid)
{
    public static BudgetMoments Of(Func<BudgetMoment, decimal> amount) => new(amount(BudgetMoment.Approved), amount(BudgetMoment.Modified),
        amount(BudgetMoment.Committed), amount(BudgetMoment.Accrued), amount(BudgetMoment.Exercised), amount(BudgetMoment.Paid));

    /// <summary>Each moment summed over ENE up to <paramref name="month"/>.</summary>
    public static BudgetMoments UpTo(Func<BudgetMoment, MonthlyValues> months, int month) => Of(m => months(m).CumulativeTo(month));
}

public sealed class BudgetMomentsType : ObjectGraphType<BudgetMoments>
{
    public BudgetMomentsType()
    {
        Name = "BudgetMoments";
        Description = "Pesos by CONAC moment of expenditure (momentos contables del egreso), as the offices report them.";
        Field(m => m.Approved).Description("Aprobado: the budget as approved.");
        Field(m => m.Modified).Description("Modificado: the budget after authorised modifications.");
        Field(m => m.Committed).Description("Comprometido: committed by a contract or an order.");
        Field(m => m.Accrued).Description("Devengado: owed for goods and services received.");
        Field(m => m.Exercised).Description("Ejercido: payment ordered (what earlier versions called spent).");
        Field(m => m.Paid).Description("Pagado: paid.");
    }
}

public sealed class FundingSourceType : ObjectGraphType<FundingSource>
{
    public FundingSourceType()
    {
        Name = "FundingSource";
        Description = "A funding source of the deployment's catalogue (fuente de financiamiento).";
        Field(s => s.Key).Description("What an activity's fundingSource holds.");
        Field(s => s.Name);
    }
}
