namespace PoaPlatform.Domain.Model;

/// <summary>The avance an office reported for one month of one activity: what the flat export writes beside the targets.</summary>
/// <param name="Department">The department's name, as in <see cref="Department.Name"/>.</param>
/// <param name="ActivityId">The activity's <see cref="Activity.Id"/> within its action.</param>
public sealed record ReportedProgress(string Department, int ActionNumber, int ActivityId, int Month, decimal Achieved, decimal Spent, string? Note);
