namespace PoaPlatform.Domain.Model;

/// <summary>CONAC's moments of expenditure, in the order the money moves: approved and modified (the budget),
/// committed, accrued (devengado), exercised (ejercido) and paid.</summary>
[GenerateSerializer, Alias("poa.BudgetMoment")]
public enum BudgetMoment
{
    Approved,
    Modified,
    Committed,
    Accrued,
    Exercised,
    Paid,
}

/// <summary>Avance of one activity in one month: the quantity achieved, the pesos of each moment of expenditure, a
/// note. <see cref="Exercised"/> is what earlier versions called "spent" (the same stored field).</summary>
[GenerateSerializer, Immutable, Alias("poa.MonthProgress")]
public sealed record MonthProgress(
    [property: Id(0)] int Month,
    [property: Id(1)] decimal Achieved,
    [property: Id(2)] decimal Exercised,
    [property: Id(3)] string? Note = null,
    [property: Id(4)] decimal Approved = 0,
    [property: Id(5)] decimal Modified = 0,
    [property: Id(6)] decimal Committed = 0,
    [property: Id(7)] decimal Accrued = 0,
    [property: Id(8)] decimal Paid = 0)
{
    public static readonly IReadOnlyList<BudgetMoment> Moments = Enum.GetValues<BudgetMoment>();

    /// <summary>Nothing achieved, no peso in any moment, no note: the same as a month nobody reported.</summary>
    public bool IsEmpty => Achieved == 0 && Moments.All(m => Of(m) == 0) && string.IsNullOrWhiteSpace(Note);

    public decimal Of(BudgetMoment moment) => moment switch
    {
        BudgetMoment.Approved => Approved,
        BudgetMoment.Modified => Modified,
        BudgetMoment.Committed => Committed,
        BudgetMoment.Accrued => Accrued,
        BudgetMoment.Exercised => Exercised,
        BudgetMoment.Paid => Paid,
        _ => throw new ArgumentOutOfRangeException(nameof(moment), moment, null),
    };
}

/// <summary>An action's progress: one <see cref="ActivityProgress"/> per activity that reported.</summary>
public static class ProgressLists
{
    /// <summary>The progress of one activity; null when it reported none. A loop, not LINQ: every command of an action
    /// looks up its activities' progress.</summary>
    public static ActivityProgress? ProgressOf(this IReadOnlyList<ActivityProgress> progress, int activityId)
    {
        ArgumentNullException.ThrowIfNull(progress);
        for (var i = 0; i < progress.Count; i++)
        {
            if (progress[i].ActivityId == activityId)
                return progress[i];
        }
        return null;
    }
}

/// <summary>The months an activity has reported progress for, in month order (a month not listed is not reported).</summary>
[GenerateSerializer, Immutable, Alias("poa.ActivityProgress")]
public sealed record ActivityProgress(
    [property: Id(0)] int ActivityId,
    [property: Id(1)] IReadOnlyList<MonthProgress> Months)
{
    public MonthProgress? Of(int month)
    {
        for (var i = 0; i < Months.Count; i++)
        {
            if (Months[i].Month == month)
                return Months[i];
        }
        return null;
    }

    /// <summary>This progress with one month replaced; an empty report clears the month.</summary>
    public ActivityProgress With(MonthProgress report)
    {
        ArgumentNullException.ThrowIfNull(report);
        MonthProgress? added = report.IsEmpty ? null : report with { Note = string.IsNullOrWhiteSpace(report.Note) ? null : report.Note };
        // The months are in order: the report takes its place among them (every report of an action does this).
        var months = new List<MonthProgress>(Months.Count + 1);
        var inOrder = true;
        for (var i = 0; i < Months.Count; i++)
        {
            var month = Months[i];
            if (month.Month == report.Month)
                continue;
            if (added is not null && month.Month > report.Month)
            {
                months.Add(added);
                added = null;
            }
            inOrder &= months.Count == 0 || months[^1].Month <= month.Month;
            months.Add(month);
        }
        if (added is not null)
            months.Add(added);
        // Months stored out of order by some earlier code are put in order, as they always were.
        return this with { Months = inOrder ? months : [.. months.OrderBy(m => m.Month)] };
    }

    public MonthlyValues Achieved => Monthly(m => m.Achieved);

    public MonthlyValues Exercised => Monthly(m => m.Exercised);

    /// <summary>One moment of expenditure, month by month.</summary>
    public MonthlyValues Moment(BudgetMoment moment) => Monthly(m => m.Of(moment));

    private MonthlyValues Monthly(Func<MonthProgress, decimal> value)
    {
        var values = new decimal[12];
        for (var i = 0; i < Months.Count; i++)
            values[Months[i].Month - 1] = value(Months[i]);
        return MonthlyValues.Of(values);
    }
}

/// <summary>A target for one month, 1 (ENE) to 12 (DIC).</summary>
[GenerateSerializer, Immutable, Alias("poa.MonthValue")]
public sealed record MonthValue([property: Id(0)] int Month, [property: Id(1)] decimal Value);
