namespace PoaPlatform.Abstractions.Actions;

/// <summary>The fields of an action other than its activities.</summary>
[GenerateSerializer, Immutable, Alias("poa.ActionFields")]
public sealed record ActionFields(
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
    public static ActionFields Of(PoaAction action) => new(action.Number, action.Name, action.Axes, action.Goal,
        action.Objective, action.Strategy, action.Purpose, action.Beneficiaries, action.Investment, action.BudgetItems);

    /// <summary>The domain action these fields describe, with the given activities.</summary>
    public PoaAction WithActivities(IReadOnlyList<Activity> activities) => new(Number, Name, Axes, Goal, Objective,
        Strategy, Purpose, Beneficiaries, Investment, BudgetItems, activities);
}

/// <summary>A partial update of an action's fields: null leaves a field as it is.</summary>
[GenerateSerializer, Immutable, Alias("poa.ActionFieldsUpdate")]
public sealed record ActionFieldsUpdate(
    [property: Id(0)] string? Name = null,
    [property: Id(1)] IReadOnlyList<string>? Axes = null,
    [property: Id(2)] string? Goal = null,
    [property: Id(3)] string? Objective = null,
    [property: Id(4)] string? Strategy = null,
    [property: Id(5)] string? Purpose = null,
    [property: Id(6)] Beneficiaries? Beneficiaries = null,
    [property: Id(7)] decimal? Investment = null,
    [property: Id(8)] IReadOnlyList<BudgetItem>? BudgetItems = null);

/// <summary>A partial update of an activity's fields: null leaves a field as it is.</summary>
[GenerateSerializer, Immutable, Alias("poa.ActivityUpdate")]
public sealed record ActivityUpdate(
    [property: Id(0)] string? Description = null,
    [property: Id(1)] string? ResponsibleArea = null,
    [property: Id(2)] string? Unit = null,
    [property: Id(3)] string? Indicator = null,
    [property: Id(4)] decimal? Investment = null);

[GenerateSerializer, Immutable, Alias("poa.MonthValue")]
public sealed record MonthValue([property: Id(0)] int Month, [property: Id(1)] decimal Value);

/// <summary>Avance of one activity in one month: quantity achieved, pesos spent, a note.</summary>
[GenerateSerializer, Immutable, Alias("poa.ProgressReport")]
public sealed record ProgressReport(
    [property: Id(0)] int Month,
    [property: Id(1)] decimal Achieved,
    [property: Id(2)] decimal Spent,
    [property: Id(3)] string? Note = null);

/// <summary>The progress recorded for one month of an activity.</summary>
[GenerateSerializer, Immutable, Alias("poa.MonthProgress")]
public sealed record MonthProgress(
    [property: Id(0)] int Month,
    [property: Id(1)] decimal Achieved,
    [property: Id(2)] decimal Spent,
    [property: Id(3)] string? Note,
    [property: Id(4)] long Version);

/// <summary>An activity as stored: its id within the action, its programming and its progress per month.</summary>
[GenerateSerializer, Immutable, Alias("poa.ActivitySnapshot")]
public sealed record ActivitySnapshot(
    [property: Id(0)] int Id,
    [property: Id(1)] Activity Programming,
    [property: Id(2)] MonthlyValues Achieved,
    [property: Id(3)] MonthlyValues Spent,
    [property: Id(4)] IReadOnlyList<MonthProgress> Progress);

/// <summary>Everything an action holds, with the version it was read at and the version of each field.</summary>
[GenerateSerializer, Immutable, Alias("poa.ActionSnapshot")]
public sealed record ActionSnapshot(
    [property: Id(0)] string Key,
    [property: Id(1)] long Version,
    [property: Id(2)] ActionFields Fields,
    [property: Id(3)] IReadOnlyList<ActivitySnapshot> Activities,
    [property: Id(4)] IReadOnlyList<Finding> Findings,
    [property: Id(5)] IReadOnlyDictionary<string, long> FieldVersions)
{
    /// <summary>The programming as the domain model, for writers and checks.</summary>
    public PoaAction ToModel() => Fields.WithActivities(Activities.Select(a => a.Programming).ToArray());
}
