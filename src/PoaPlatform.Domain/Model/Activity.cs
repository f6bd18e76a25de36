namespace PoaPlatform.Domain.Model;

/// <summary>An actividad of an action: who does it, how it is measured, and its target for each month.</summary>
/// <param name="Id">The activity's number within its action, never reused there: 1, 2, ... in the order a document
/// lists them; an activity added later gets the next unused one.</param>
/// <param name="Indicator">The indicator's name (the INDICADOR text); the rest of its sheet is <see cref="IndicatorSheet"/>.</param>
/// <param name="FundingSource">Where the activity's money comes from: a key of the deployment's catalogue
/// (<c>Budget:FundingSources</c>: recursos propios, participaciones, FISM-DF, FORTAMUN-DF, convenios, otros); null when
/// not said.</param>
[GenerateSerializer, Immutable, Alias("poa.Activity")]
public sealed record Activity(
    [property: Id(7)] int Id,
    [property: Id(0)] string Description,
    [property: Id(1)] string ResponsibleArea,
    [property: Id(2)] string Unit,
    [property: Id(3)] string Indicator,
    [property: Id(4)] decimal Investment,
    [property: Id(5)] decimal AnnualTarget,
    [property: Id(6)] MonthlyValues Monthly,
    [property: Id(8)] IndicatorSheet? IndicatorSheet = null,
    [property: Id(9)] string? FundingSource = null)
{
    public IndicatorSheet Sheet => IndicatorSheet ?? IndicatorSheet.Empty;

    /// <summary>The programmed months of some activities: their monthly targets summed month by month.</summary>
    public static MonthlyValues Programmed(IEnumerable<Activity> activities) => MonthlyValues.Sum(activities.Select(a => a.Monthly));
}
