namespace PoaPlatform.Testing;

/// <summary>Tests work on the seed's year, 2021, whose months closed long ago under the default calendar. A planner
/// who lets a city capture a past year late sets its cut-offs ahead; tests do the same, so they report progress as
/// in the year itself. The cut-off tests set past cut-offs of their own.</summary>
public static class TestCalendar
{
    /// <summary>Twelve cut-offs a year from today: every month of any past or current year open.</summary>
    public static DateOnly[] OpenCutOffs() => Enumerable.Repeat(DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1), 12).ToArray();
}
