namespace PoaPlatform.Domain.Model;

/// <summary>The avance an office reported for one month of one activity: what the flat export writes beside the targets.</summary>
/// <param name="Department">The department's name, as in <see cref="Department.Name"/>.</param>
/// <param name="ActivityId">The activity's <see cref="Activity.Id"/> within its action.</param>
/// <param name="Exercised">Pesos exercised (ejercido); the other moments of expenditure follow it.</param>
public sealed record ReportedProgress(string Department, int ActionNumber, int ActivityId, int Month, decimal Achieved, decimal Exercised, string? Note,
    decimal Approved = 0, decimal Modified = 0, decimal Committed = 0, decimal Accrued = 0, decimal Paid = 0)
{
    public static ReportedProgress Of(string department, int actionNumber, int activityId, MonthProgress month) =>
        new(department, actionNumber, activityId, month.Month, month.Achieved, month.Exercised, month.Note,
            month.Approved, month.Modified, month.Committed, month.Accrued, month.Paid);

    public MonthProgress ToMonthProgress() => new(Month, Achieved, Exercised, Note, Approved, Modified, Committed, Accrued, Paid);

    public decimal Of(BudgetMoment moment) => ToMonthProgress().Of(moment);
}
