namespace PoaPlatform.Domain.Model;

/// <summary>Avance of one activity in one month: the quantity achieved, the pesos spent, a note.</summary>
[GenerateSerializer, Immutable, Alias("poa.MonthProgress")]
public sealed record MonthProgress(
    [property: Id(0)] int Month,
    [property: Id(1)] decimal Achieved,
    [property: Id(2)] decimal Spent,
    [property: Id(3)] string? Note = null)
{
    /// <summary>Nothing achieved, nothing spent, no note: the same as a month nobody reported.</summary>
    public bool IsEmpty => Achieved == 0 && Spent == 0 && string.IsNullOrWhiteSpace(Note);
}

/// <summary>The months an activity has reported progress for, in month order (a month not listed is not reported).</summary>
[GenerateSerializer, Immutable, Alias("poa.ActivityProgress")]
public sealed record ActivityProgress(
    [property: Id(0)] int ActivityId,
    [property: Id(1)] IReadOnlyList<MonthProgress> Months)
{
    public MonthProgress? Of(int month)
    {
        foreach (var progress in Months)
        {
            if (progress.Month == month)
                return progress;
        }
        return null;
    }

    /// <summary>This progress with one month replaced; an empty report clears the month.</summary>
    public ActivityProgress With(MonthProgress report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var months = Months.Where(m => m.Month != report.Month);
        if (!report.IsEmpty)
            months = months.Append(report with { Note = string.IsNullOrWhiteSpace(report.Note) ? null : report.Note });
        return this with { Months = [.. months.OrderBy(m => m.Month)] };
    }

    public MonthlyValues Achieved => Monthly(m => m.Achieved);

    public MonthlyValues Spent => Monthly(m => m.Spent);

    private MonthlyValues Monthly(Func<MonthProgress, decimal> value)
    {
        var values = new decimal[12];
        foreach (var month in Months)
            values[month.Month - 1] = value(month);
        return new MonthlyValues(values);
    }
}

/// <summary>A target for one month, 1 (ENE) to 12 (DIC).</summary>
[GenerateSerializer, Immutable, Alias("poa.MonthValue")]
public sealed record MonthValue([property: Id(0)] int Month, [property: Id(1)] decimal Value);
