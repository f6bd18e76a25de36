using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace PoaPlatform.Grains.Consolidation;

/// <summary>The city-wide consolidation of one year's POA: totals, departments, breakdowns by axis and chapter.</summary>
public sealed class PoaGrain(
    [PersistentState(PoaStorage.CityState, PoaStorage.Provider)] IPersistentState<PoaState> state,
    TimeProvider clock,
    ILogger<PoaGrain> logger) : Grain, IPoaGrain
{
    private readonly Dictionary<string, DepartmentSummary> _departments = new(StringComparer.Ordinal);
    private readonly Breakdown _byAxis = new();
    private readonly Breakdown _byChapter = new();
    private readonly ObserverManager<IPoaObserver> _observers = new(TimeSpan.FromMinutes(5), logger);
    private Figures _totals = Figures.Zero;
    private long _version;
    private Task? _loading;

    private string Key => this.GetPrimaryKeyString();

    public async Task<Figures> GetTotalsAsync()
    {
        await EnsureLoadedAsync(exceptKey: null);
        return _totals;
    }

    public async Task<CitySummary> GetSummaryAsync()
    {
        await EnsureLoadedAsync(exceptKey: null);
        return new CitySummary(Key, _version, _totals,
            _departments.Values.OrderBy(d => d.Name, StringComparer.CurrentCulture).ToArray(),
            _byAxis.ToList(), _byChapter.ToList());
    }

    public async Task ReportDepartmentAsync(DepartmentSummary summary)
    {
        await EnsureLoadedAsync(exceptKey: summary.Key);
        if (_departments.TryGetValue(summary.Key, out var old))
        {
            if (old.Version >= summary.Version)
                return;
            Remove(old);
        }
        Add(summary);
        _totals = _totals with { LargestCoverage = LargestCoverage() };
        _version = Versions.Next(_version, clock);
        if (state.State.DepartmentKeys.Add(summary.Key))
            await state.WriteStateAsync();
        await _observers.Notify(o => o.OnChangedAsync(new PoaChange(Key, summary.Key, _version, _totals)));
    }

    public Task SubscribeAsync(IPoaObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IPoaObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private void Add(DepartmentSummary summary)
    {
        _departments[summary.Key] = summary;
        _totals = _totals.Plus(summary.Figures);
        _byAxis.Add(summary.ByAxis);
        _byChapter.Add(summary.ByChapter);
    }

    private void Remove(DepartmentSummary summary)
    {
        _departments.Remove(summary.Key);
        _totals = _totals.Minus(summary.Figures);
        _byAxis.Add(summary.ByAxis, -1);
        _byChapter.Add(summary.ByChapter, -1);
    }

    private Beneficiaries LargestCoverage() =>
        _departments.Values.Aggregate(Beneficiaries.None, (largest, d) => Figures.Larger(largest, d.Figures.LargestCoverage));

    private async Task EnsureLoadedAsync(string? exceptKey)
    {
        _loading ??= LoadAsync(exceptKey);
        try
        {
            await _loading;
        }
        catch
        {
            _loading = null; // a child that failed to answer is asked again next time
            throw;
        }
    }

    /// <summary>Rebuilds the consolidation from the department grains once per activation.</summary>
    private async Task LoadAsync(string? exceptKey)
    {
        var keys = state.State.DepartmentKeys.Where(k => k != exceptKey).ToArray();
        var summaries = await Task.WhenAll(keys.Select(k => GrainFactory.GetGrain<IDepartmentGrain>(k).GetSummaryAsync()));
        foreach (var summary in summaries)
            Add(summary);
        _totals = _totals with { LargestCoverage = LargestCoverage() };
        _version = Versions.Next(_version, clock);
    }
}
