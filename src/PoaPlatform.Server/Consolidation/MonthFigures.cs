using GraphQL.Types;
using PoaPlatform.Abstractions.Consolidation;

namespace PoaPlatform.Server.Consolidation;

/// <summary>One month of the figures: programmed quantity (modified and as approved), achieved quantity, pesos spent.</summary>
public sealed record MonthFigures(int Month, decimal Programmed, decimal Achieved, decimal Spent, decimal Approved)
{
    public string Name => Domain.Model.Month.Name(Month);

    /// <param name="approved">The targets as approved; the programmed ones when there is no baseline to compare with.</param>
    public static IReadOnlyList<MonthFigures> Of(MonthlyValues programmed, MonthlyValues achieved, MonthlyValues spent, MonthlyValues? approved = null) =>
        Enumerable.Range(1, 12).Select(m => new MonthFigures(m, programmed.OfMonth(m), achieved.OfMonth(m), spent.OfMonth(m), (approved ?? programmed).OfMonth(m))).ToList();

    public static IReadOnlyList<MonthFigures> Of(Figures figures) => Of(figures.Programmed, figures.Achieved, figures.Spent, figures.ApprovedProgrammed);
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
        Field(m => m.Spent);
    }
}
