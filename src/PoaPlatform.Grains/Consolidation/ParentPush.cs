using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace PoaPlatform.Grains.Consolidation;

/// <summary>
/// Keeps a parent's copy of a grain's summary current: a push that fails is tried again in the background, with
/// growing pauses, until the parent takes it. A summary is whole and versioned, so pushing it twice is harmless.
/// </summary>
/// <remarks>The parent acknowledges by taking a push, or by reading the summary itself (it does so when it
/// rebuilds its roll-up); either cancels what is pending.</remarks>
/// <param name="push">Pushes the grain's current summary and returns its version.</param>
internal sealed class ParentPush(IGrainBase grain, Func<Task<long>> push, ILogger logger)
{
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_longestPause = TimeSpan.FromMinutes(1);

    private IGrainTimer? _timer;
    private TimeSpan _pause = s_firstRetry;

    /// <summary>The newest version the parent holds.</summary>
    public long Acknowledged { get; private set; }

    public bool IsPending => _timer is not null;

    /// <summary>Pushes now; on failure, logs and goes on trying in the background. Never throws (the caller's own
    /// change is durable already).</summary>
    public async Task PushAsync()
    {
        try
        {
            Acknowledge(await push());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Pushing {Grain} to its parent failed; trying again in the background.", grain.GrainContext.GrainId);
            Schedule(s_firstRetry);
        }
    }

    /// <summary>The parent holds <paramref name="version"/> (it took a push or read the summary).</summary>
    public void Acknowledge(long version)
    {
        Acknowledged = Math.Max(Acknowledged, version);
        Cancel();
    }

    /// <summary>Pushes after <paramref name="delay"/> unless acknowledged first; on activation, a grain whose
    /// parent may not hold its newest version pushes once (the parent reading it meanwhile makes that unneeded).</summary>
    public void Schedule(TimeSpan delay)
    {
        _pause = delay;
        if (_timer is null)
            _timer = grain.RegisterGrainTimer(RetryAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        else
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void Cancel()
    {
        _timer?.Dispose();
        _timer = null;
        _pause = s_firstRetry;
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        try
        {
            Acknowledge(await push());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _pause = TimeSpan.FromTicks(Math.Min(s_longestPause.Ticks, _pause.Ticks * 2));
            logger.LogWarning(e, "Pushing {Grain} to its parent failed again; next try in {Pause}.", grain.GrainContext.GrainId, _pause);
            _timer?.Change(_pause, Timeout.InfiniteTimeSpan);
        }
    }
}
