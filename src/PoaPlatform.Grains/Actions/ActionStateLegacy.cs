namespace PoaPlatform.Grains.Actions;

/// <summary>An action's fields as the older code stored them (without activities).</summary>
[GenerateSerializer, Immutable, Alias("poa.ActionFields")]
public sealed record LegacyActionFields(
    [property: Id(0)] int Number,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Axes,
    [property: Id(3)] string Goal,
    [property: Id(4)] string Objective,
    [property: Id(5)] string Strategy,
    [property: Id(6)] string Purpose,
    [property: Id(7)] Beneficiaries Beneficiaries,
    [property: Id(8)] decimal Investment,
    [property: Id(9)] IReadOnlyList<BudgetItem> BudgetItems)
{
    public PoaAction ToAction(IReadOnlyList<Activity> activities) =>
        new(Number, Name, Axes, Goal, Objective, Strategy, Purpose, Beneficiaries, Investment, BudgetItems, activities);
}

/// <summary>An activity as the older code stored it: programming and twelve months of progress.</summary>
[GenerateSerializer, Alias("poa.ActivityState")]
public sealed class LegacyActivityState
{
    [Id(0)] public int Id { get; set; }

    [Id(1)] public Activity Programming { get; set; } = null!;

    [Id(2)] public decimal[] Achieved { get; set; } = new decimal[12];

    [Id(3)] public decimal[] Spent { get; set; } = new decimal[12];

    [Id(4)] public string?[] Notes { get; set; } = new string?[12];

    public ActivityProgress ToProgress() => new(Id, [.. Enumerable.Range(1, 12)
        .Select(m => new MonthProgress(m, Achieved[m - 1], Spent[m - 1], Notes[m - 1]))
        .Where(p => !p.IsEmpty)]);
}
