namespace PoaPlatform.Bench.Generation;

/// <summary>Which cell the <c>g</c>-th progress report of a load writes, and with what figure. Report <c>g</c> goes to
/// action <c>g mod A</c>, cell (activity, month) <c>(g div A) mod (K × 12)</c>, so two reports in flight never touch the
/// same cell. The figure is <c>(g div A) mod 1,000 + 1</c>, never 0 (a report of zeros and no note clears its month): a cell's next visit (96 rows later for 8 activities) carries
/// another one, so every report changes what it reports and is a write (a report of what is stored is answered
/// without one).</summary>
public readonly record struct ReportCell(int Action, int ActivityId, int Month, int Figure)
{
    public static ReportCell Of(long g, int actions, int activities)
    {
        var row = g / actions;
        var cell = (int)(row % (activities * 12));
        return new ReportCell((int)(g % actions), cell % activities + 1, cell / activities + 1, (int)(row % 1000) + 1);
    }
}
