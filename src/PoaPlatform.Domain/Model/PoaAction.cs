namespace PoaPlatform.Domain.Model;

/// <summary>An acción of the POA: what a department commits to do in the year, with its activities.</summary>
/// <remarks>Named PoaAction so that files which also use the <see cref="System.Action"/> delegate stay readable.</remarks>
[GenerateSerializer, Immutable, Alias("poa.Action")]
public sealed record PoaAction(
    [property: Id(0)] int Number,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Axes,
    [property: Id(3)] string Goal,
    [property: Id(4)] string Objective,
    [property: Id(5)] string Strategy,
    [property: Id(6)] string Purpose,
    [property: Id(7)] Beneficiaries Beneficiaries,
    [property: Id(8)] decimal Investment,
    [property: Id(9)] IReadOnlyList<BudgetItem> BudgetItems,
    [property: Id(10)] IReadOnlyList<Activity> Activities,
    string Indicator = "",
    [property: Id(12)] IndicatorSheet? IndicatorSheet = null)
{
    [Id(11)] private readonly string? _indicator = Indicator;

    /// <summary>The name of the action's own indicator ("" when it has none). State written before actions had one
    /// carries no value: it reads as "".</summary>
    public string Indicator { get => _indicator ?? ""; init => _indicator = value; }

    /// <summary>The sheet of the action's own indicator (empty when it has none).</summary>
    public IndicatorSheet Sheet => IndicatorSheet ?? IndicatorSheet.Empty;

    /// <summary>The sum of the activities' investments, which the declared <see cref="Investment"/> should equal.</summary>
    public decimal ActivitiesInvestment => Activities.Sum(a => a.Investment);

    /// <summary>An action listed only in a summary sheet: a number, a name and an investment.</summary>
    public static PoaAction SummaryOnly(int number, string name, decimal investment) =>
        new(number, name, [], "", "", "", "", Beneficiaries.None, investment, [], []);
}
