using Microsoft.Extensions.Logging;
using Orleans.Utilities;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Grains.Consolidation;

namespace PoaPlatform.Grains.Poas;

/// <summary>The consolidation of one year's POA of a municipality: totals, departments, breakdowns by axis and chapter.</summary>
/// <remarks>Like a department, it keeps the summaries it holds in a lazily written snapshot, answers a cold start from
/// it and validates it against its departments in the background (docs/decisions/0017).</remarks>
[GrainType("poa")]
public sealed class PoaGrain : Grain, IPoaGrain
{
    private readonly IPersistentState<PoaState> _state;
    private readonly IPersistentState<PoaRollUp> _snapshot;
    private readonly RollUpSnapshotWriter _snapshotWriter;
    private readonly RollUpValidation<DepartmentSummary> _validation;
    private PoaSummary? _summary;
    private readonly TimeProvider _clock;
    private readonly ObserverManager<IPoaObserver> _observers;
    private readonly RollUp<DepartmentSummary> _rollUp = new(d => d.Figures, d => d.ByAxis, d => d.ByChapter, d => d.BySource ?? [],
        departments => departments.OrderBy(d => d.Name, StringComparer.CurrentCulture));
    private readonly OncePerActivation _load;
    private readonly ILogger _logger;
    // Departments admitted that have not pushed yet: they count towards the limit.
    private readonly HashSet<string> _admitted = new(StringComparer.Ordinal);
    private long _version;

    public PoaGrain(
        [PersistentState(PoaStorage.PoaState, PoaStorage.Provider)] IPersistentState<PoaState> state,
        [PersistentState(PoaStorage.PoaRollUp, PoaStorage.Provider)] IPersistentState<PoaRollUp> snapshot,
        TimeProvider clock,
        ILogger<PoaGrain> logger)
    {
        _state = state;
        _snapshot = snapshot;
        _snapshotWriter = new RollUpSnapshotWriter(this, WriteSnapshotAsync, logger);
        _validation = new RollUpValidation<DepartmentSummary>(this, () => _state.State.DepartmentKeys,
            async key => (DepartmentSummary?)await GrainFactory.Grain<IDepartmentGrain>(key).GetSummaryAsync(), TakeValidated, OnValidated, logger);
        _logger = logger;
        _clock = clock;
        _observers = new ObserverManager<IPoaObserver>(TimeSpan.FromMinutes(5), logger);
        _load = new OncePerActivation(LoadAsync);
    }

    private string Key => this.GetPrimaryKeyString();

    /// <summary>What the snapshot does not hold yet is written now (a crash skips this: validation repairs it).</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        await _snapshotWriter.WriteAsync();

    public async Task<Figures> GetTotalsAsync()
    {
        await _load.EnsureAsync(exceptKey: null);
        return _rollUp.Totals;
    }

    public async Task<PoaSummary> GetSummaryAsync()
    {
        await _load.EnsureAsync(exceptKey: null);
        // Built once per version: the departments sorted by name, the breakdowns sorted by investment.
        if (_summary is not { } built || built.Version != _version)
            _summary = new PoaSummary(Key, _version, _rollUp.Totals, _rollUp.Ordered, _rollUp.ByAxis, _rollUp.ByChapter, Calendar, _rollUp.BySource);
        return _summary;
    }

    public async Task ReportDepartmentAsync(DepartmentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        // The reporting department is busy awaiting us: never ask it, we are holding its newest summary.
        await _load.EnsureAsync(exceptKey: summary.Key);
        if (!Newer(summary))
        {
            Share(summary);
            return;
        }
        // Membership is the durable truth: written before the roll-up takes the department, so a failed write leaves
        // nothing behind and the department's retry finds it missing.
        _admitted.Remove(summary.Key);
        if (_state.State.DepartmentKeys.Add(summary.Key))
        {
            try
            {
                await _state.WriteStateAsync();
            }
            catch
            {
                _state.State.DepartmentKeys.Remove(summary.Key);
                throw;
            }
            // Checked again: a background validation may have taken a newer summary meanwhile.
            if (!Newer(summary))
                return;
        }
        if (!SetChild(summary.Key, summary))
        {
            LogOverflow(summary.Key);
            return;
        }
        _version = Versions.Next(_version, _clock);
        await _observers.Notify(o => o.OnChangedAsync(new PoaChange(Key, summary.Key, _version, _rollUp.Totals)));
    }

    private PoaCalendar Calendar => _state.State.Calendar ?? PoaCalendar.Default(int.Parse(PoaKeys.Leaf(Key), System.Globalization.CultureInfo.InvariantCulture));

    public Task<PoaCalendar> GetCalendarAsync() => Task.FromResult(Calendar);

    public async Task<CommandResult> SetCalendarAsync(IReadOnlyList<DateOnly> cutOffs, DateOnly? submissionDeadline, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(cutOffs);
        ArgumentNullException.ThrowIfNull(context);
        await _load.EnsureAsync(exceptKey: null);
        var calendar = Calendar;
        if (context.ExpectedVersion is { } seen && seen != calendar.Version)
            return CommandResult.Fail(calendar.Version, new CommandError(ErrorCodes.Conflict, $"The calendar changed at version {calendar.Version}, after version {seen} that you saw.", "calendar", calendar.Version));
        if (cutOffs.Count != 12)
            return CommandResult.Fail(calendar.Version, new CommandError(ErrorCodes.Validation, $"Give twelve cut-off dates, ENE..DIC; {cutOffs.Count} were given.", "cutOffs"));
        var year = int.Parse(PoaKeys.Leaf(Key), System.Globalization.CultureInfo.InvariantCulture);
        for (var month = 1; month <= 12; month++)
        {
            if (cutOffs[month - 1] < new DateOnly(year, month, 1))
                return CommandResult.Fail(calendar.Version, new CommandError(ErrorCodes.Validation, $"The cut-off of {Month.Name(month)} ({cutOffs[month - 1]:yyyy-MM-dd}) is before the month begins.", "cutOffs"));
        }
        var before = _state.State.Calendar;
        _state.State.Calendar = new PoaCalendar(calendar.Version + 1, [.. cutOffs], submissionDeadline);
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            _state.State.Calendar = before;
            throw;
        }
        // Every department applies the new cut-offs to its actions' next commands before the planner is answered.
        await Task.WhenAll(_rollUp.Children.Select(d => GrainFactory.Grain<IDepartmentGrain>(d.Key).UseCalendarAsync(_state.State.Calendar)));
        _version = Versions.Next(_version, _clock);
        await _observers.Notify(o => o.OnChangedAsync(new PoaChange(Key, Key, _version, _rollUp.Totals)));
        return CommandResult.Ok(calendar.Version + 1);
    }

    public Task<CommandError?> AdmitDepartmentAsync(string departmentKey)
    {
        var keys = _state.State.DepartmentKeys;
        if (keys.Contains(departmentKey) || _admitted.Contains(departmentKey))
            return Task.FromResult<CommandError?>(null);
        if (keys.Count + _admitted.Count >= PoaRules.MaxDepartmentsPerPoa)
        {
            return Task.FromResult<CommandError?>(new CommandError(ErrorCodes.Validation,
                $"The POA {Key} has {keys.Count + _admitted.Count} departments, the most a POA may have ({PoaRules.MaxDepartmentsPerPoa}); add {PoaKeys.Leaf(departmentKey)}'s actions to an existing department.",
                "department"));
        }
        _admitted.Add(departmentKey);
        return Task.FromResult<CommandError?>(null);
    }

    public async Task AnnounceAsync(string departmentKey)
    {
        if (_observers.Count == 0)
            return;
        await _load.EnsureAsync(exceptKey: null);
        _version = Versions.Next(_version, _clock);
        await _observers.Notify(o => o.OnChangedAsync(new PoaChange(Key, departmentKey, _version, _rollUp.Totals)));
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

    /// <summary>Loads the consolidation once per activation: from the snapshot when there is one (no department is
    /// activated; they are asked in the background), otherwise from the department grains, as a POA stored before
    /// snapshots existed does once.</summary>
    private async Task LoadAsync(string? exceptKey)
    {
        var keys = _state.State.DepartmentKeys;
        if (_snapshot.RecordExists)
        {
            foreach (var summary in _snapshot.State.Departments)
            {
                if (keys.Contains(summary.Key) && !_rollUp.Set(summary.Key, summary))
                    LogOverflow(summary.Key);
            }
            _snapshot.State.Departments = [];
            _validation.Start(Departments.DepartmentGrain.ValidationDelay);
        }
        else
        {
            var summaries = await Task.WhenAll(keys.Where(k => k != exceptKey).Select(k => GrainFactory.Grain<IDepartmentGrain>(k).GetSummaryAsync()));
            foreach (var summary in summaries)
            {
                if (!SetChild(summary.Key, summary))
                    LogOverflow(summary.Key);
            }
        }
        _version = Versions.Next(_version, _clock);
    }

    private bool Newer(DepartmentSummary summary) => _rollUp.Get(summary.Key) is not { } old || old.Version < summary.Version;

    /// <summary>A department's answer to the validation: kept when newer than what the snapshot gave.</summary>
    private bool TakeValidated(string key, DepartmentSummary? summary)
    {
        if (summary is null || !_state.State.DepartmentKeys.Contains(key))
            return false;
        if (!Newer(summary))
        {
            Share(summary);
            return false;
        }
        if (SetChild(key, summary))
            return true;
        LogOverflow(key);
        return false;
    }

    /// <summary>A department's summary of the version the POA holds: the department's own instance is kept instead of
    /// the snapshot's copy (or an older build of the same version), so that one is in memory, not two.</summary>
    private void Share(DepartmentSummary summary)
    {
        if (_rollUp.Share(summary.Key, summary, d => d.Version))
            _summary = null;
    }

    private void OnValidated()
    {
        _version = Versions.Next(_version, _clock);
        _observers.Notify(o => o.OnChangedAsync(new PoaChange(Key, Key, _version, _rollUp.Totals))).Ignore();
    }

    private bool SetChild(string key, DepartmentSummary summary)
    {
        if (!_rollUp.Set(key, summary))
            return false;
        _snapshotWriter.Changed();
        return true;
    }

    private async Task WriteSnapshotAsync()
    {
        _snapshot.State = new PoaRollUp { Departments = [.. _rollUp.Children], WrittenAt = _clock.GetUtcNow() };
        await _snapshot.WriteStateAsync();
    }

    private void LogOverflow(string departmentKey) =>
        _logger.LogError("The figures of {Department} overflow the roll-up of {Poa} (values stored before the ranges of PoaRules).", departmentKey, Key);
}
