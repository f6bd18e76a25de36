using System.Collections.Frozen;
using PoaPlatform.Persistence.Accounts;

namespace PoaPlatform.Server.Auth;

/// <summary>
/// The municipalities this deployment serves and the years opened for them, held in memory on every host: a request
/// that names an unknown municipality or year is answered from here, without a database query and without activating
/// a grain for it. Refreshed from the database every few seconds (another host may have opened a year) and at once
/// after a change made on this host.
/// </summary>
public sealed partial class PoaDirectory(MunicipalityStore store, ILogger<PoaDirectory> logger) : BackgroundService
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private volatile FrozenDictionary<string, Municipality> _municipalities = FrozenDictionary<string, Municipality>.Empty;

    public IReadOnlyCollection<Municipality> Municipalities => _municipalities.Values;

    public Municipality? Find(string municipality) => _municipalities.GetValueOrDefault(municipality);

    public bool HasYear(string municipality, int year) => Find(municipality)?.Years.Contains(year) == true;

    /// <summary>Reads the directory again now (after a change made on this host).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var all = await store.ListAsync(cancellationToken);
        _municipalities = all.ToFrozenDictionary(m => m.Slug, StringComparer.Ordinal);
    }

    /// <summary>The first read happens before the host takes requests (after the migrations).</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRefreshFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the municipalities; keeping the last known ones.")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
