using PoaPlatform.Abstractions.Departments;

namespace PoaPlatform.Abstractions.Consolidation;

/// <summary>A municipality's POA for a fiscal year, keyed municipality/year: the city-wide consolidation.</summary>
public interface IPoaGrain : IGrainWithStringKey
{
    /// <summary>The city's totals only: the cheap read for dashboards that poll.</summary>
    [ReadOnly]
    Task<Figures> GetTotalsAsync();

    /// <summary>Totals, every department's summary, and the breakdowns by axis and CONAC chapter.</summary>
    [ReadOnly]
    Task<CitySummary> GetSummaryAsync();

    /// <summary>A department pushes its whole summary after every change; an older version is ignored.</summary>
    Task ReportDepartmentAsync(DepartmentSummary summary);

    /// <summary>Subscribes an observer to every change of the consolidation (best effort; re-read on reconnect).</summary>
    Task SubscribeAsync(IPoaObserver observer);

    Task UnsubscribeAsync(IPoaObserver observer);
}

/// <summary>Told of each change of a city's consolidation: which department changed and the new city version.</summary>
public interface IPoaObserver : IGrainObserver
{
    [OneWay]
    Task OnChangedAsync(PoaChange change);
}

[GenerateSerializer, Immutable, Alias("poa.PoaChange")]
public sealed record PoaChange(
    [property: Id(0)] string PoaKey,
    [property: Id(1)] string DepartmentKey,
    [property: Id(2)] long Version,
    [property: Id(3)] Figures Totals);

/// <summary>The consolidation of every department of a city's POA.</summary>
[GenerateSerializer, Immutable, Alias("poa.CitySummary")]
public sealed record CitySummary(
    [property: Id(0)] string Key,
    [property: Id(1)] long Version,
    [property: Id(2)] Figures Figures,
    [property: Id(3)] IReadOnlyList<DepartmentSummary> Departments,
    [property: Id(4)] IReadOnlyList<BreakdownEntry> ByAxis,
    [property: Id(5)] IReadOnlyList<BreakdownEntry> ByChapter)
{
    public int Year => int.Parse(PoaKeys.Leaf(Key), System.Globalization.CultureInfo.InvariantCulture);
}
