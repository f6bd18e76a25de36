using GraphQL.Types;
using PoaPlatform.Abstractions.Consolidation;

namespace PoaPlatform.Server.Consolidation;

/// <summary>One month of the figures: programmed quantity, achieved quantity, pesos spent.</summary>
public sealed record MonthFigures(int Month, decimal Programmed, decimal Achieved, decimal Spent)
{
    public string Name => Domain.Model.Month.Name(Month);

    public static IReadOnlyList<MonthFigures> Of(MonthlyValues programmed, MonthlyValues achieved, MonthlyValues spent) =>
        Enumerable.Range(1, 12).Select(m => new MonthFigures(m, programmed.OfMonth(m), achieved.OfMonth(m), spent.OfMonth(m))).ToList();

    public static IReadOnlyList<MonthFigures> Of(Figures figures) => Of(figures.Programmed, figures.Achieved, figures.Spent);
}

public sealed class MonthFiguresType : ObjectGraphType<MonthFigures>
{
    public MonthFiguresType()
    {
        Name = "MonthFigures";
        Field(m => m.Month).Description("1 (ENE) to 12 (DIC).");
        Field(m => m.Name).Description("ENE..DIC.");
        Field(m => m.Programmed);
        Field(m => m.Achieved);
        Field(m => m.Spent);
    }
}
