using GraphQL.Types;
using PoaPlatform.Abstractions.Consolidation;
using PoaPlatform.Server.Budget;

namespace PoaPlatform.Server.Consolidation;

/// <summary>One month of the figures: programmed quantity (modified and as approved), achieved quantity, and the pesos
/// of each moment of expenditure.</summary>
public sealed record MonthFigures(int Month, decimal Programmed, decimal Achieved, BudgetMoments Moments, decimal Approved)
{
    public string Name => Domain.Model.Month.Name(Month);

    public decimal Exercised => Moments.Exercised;

    /// <param name="moments">Each moment of expenditure, month by month.</param>
    /// <param name="approved">The targets as approved; the programmed ones when there is no baseline to compare with.</param>
    public static IReadOnlyList<MonthFigures> Of(MonthlyValues programmed, MonthlyValues achieved, Func<BudgetMoment, MonthlyValues> moments, MonthlyValues? approved = null)
    {
        var byMoment = MonthProgress.Moments.ToDictionary(m => m, moments);
        return [.. Enumerable.Range(1, 12).Select(m => new MonthFigures(m, programmed.OfMonth(m), achieved.OfMonth(m),
            BudgetMoments.Of(moment => byMoment[moment].OfMonth(m)), (approved ?? programmed).OfMonth(m)))];
    }

    public static IReadOnlyList<MonthFigures> Of(Figures figures) => Of(figures.Programmed, figures.Achieved, figures.Moment, figures.ApprovedProgrammed);
}

public sealed class MonthFiguresType : ObjectGraphType<MonthFigures>
{
    public MonthFiguresType()
    {
        Name = "MonthFigures";
        Field(m => m.Month).Description("1 (ENE) to 12 (DIC).");
        Field(m => m.Name).Description("ENE..DIC.");
        Field(m => m.Programmed).Description("The target of the month as modified (the current programming).");
        Field(m => m.Approved).Description("The target of the month as approved (aprobado, the baseline).");
        Field(m => m.Achieved);
        Field(m => m.Exercised).Description("Pesos exercised (ejercido); the other moments are in moments.");
        Field<NonNullGraphType<DecimalGraphType>>("spent").DeprecationReason("Use exercised: the same amount, by its CONAC name.")
            .Resolve(c => c.Source.Exercised);
        Field<NonNullGraphType<BudgetMomentsType>>("moments").Resolve(c => c.Source.Moments);
    }
}
