using PoaPlatform.Abstractions.Consolidation;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Abstractions.Editing;

namespace PoaPlatform.Abstractions.Poas;

/// <summary>A municipality's POA for a fiscal year, keyed municipality/year: the consolidation of its departments.</summary>
public interface IPoaGrain : IGrainWithStringKey
{
    /// <summary>The POA's totals only: the cheap read for dashboards that poll.</summary>
    [ReadOnly]
    Task<Figures> GetTotalsAsync();

    /// <summary>Totals, every department's summary, and the breakdowns by axis and CONAC chapter.</summary>
    [ReadOnly]
    Task<PoaSummary> GetSummaryAsync();

    /// <summary>A department pushes its whole summary after every change; an older version is ignored.</summary>
    Task ReportDepartmentAsync(DepartmentSummary summary);

    /// <summary>The cut-off dates and the submission deadline. Interleaves: departments ask while their actions run commands.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<PoaCalendar> GetCalendarAsync();

    /// <summary>Sets the calendar (planners): twelve cut-off dates and an optional submission deadline.</summary>
    Task<CommandResult> SetCalendarAsync(IReadOnlyList<DateOnly> cutOffs, DateOnly? submissionDeadline, CommandContext context);
    /// <summary>Admits a department about to get its first action or its name while the POA has room for it
    /// (<c>PoaRules.MaxDepartmentsPerPoa</c>); null when admitted, otherwise why not. Interleaves: it does not wait.</summary>
    [AlwaysInterleave]
    Task<CommandError?> AdmitDepartmentAsync(string departmentKey);

    /// <summary>Tells the observers of a change that no grain holds (a comment of the department): the POA's next
    /// version with the same totals. Without observers it does nothing.</summary>
    Task AnnounceAsync(string departmentKey);

    /// <summary>Subscribes an observer to every change of the POA (best effort; re-read on reconnect).</summary>
    Task SubscribeAsync(IPoaObserver observer);

    Task UnsubscribeAsync(IPoaObserver observer);
}

/// <summary>Told of each change of a POA: which department changed and the POA's new version.</summary>
public interface IPoaObserver : IGrainObserver
{
    [OneWay]
    Task OnChangedAsync(PoaChange change);
}

/// <summary>A change of a POA: the department that changed, the POA's new version and totals.</summary>
[GenerateSerializer, Immutable, Alias("poa.PoaChange")]
public sealed record PoaChange(
    [property: Id(0)] string PoaKey,
    [property: Id(1)] string DepartmentKey,
    [property: Id(2)] long Version,
    [property: Id(3)] Figures Totals);

/// <summary>The consolidation of every department of a POA.</summary>
[GenerateSerializer, Immutable, Alias("poa.PoaSummary")]
public sealed record PoaSummary(
    [property: Id(0)] string Key,
    [property: Id(1)] long Version,
    [property: Id(2)] Figures Figures,
    [property: Id(3)] IReadOnlyList<DepartmentSummary> Departments,
    [property: Id(4)] IReadOnlyList<BreakdownEntry> ByAxis,
    [property: Id(5)] IReadOnlyList<BreakdownEntry> ByChapter,
    [property: Id(6)] PoaCalendar? Calendar = null,
    [property: Id(7)] IReadOnlyList<BreakdownEntry>? BySource = null)
{
    public int Year => int.Parse(PoaKeys.Leaf(Key), System.Globalization.CultureInfo.InvariantCulture);
}
