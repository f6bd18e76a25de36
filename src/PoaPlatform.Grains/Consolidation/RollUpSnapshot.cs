using Microsoft.Extensions.Logging;

namespace PoaPlatform.Grains.Consolidation;

/// <summary>
/// Writes a parent's roll-up snapshot lazily: the first change after a write starts a timer, and every change until it
/// fires is written by one write; deactivation writes what is still unwritten. A command never waits on it, so the
/// snapshot costs no durable write per command, only one per <see cref="Delay"/> per busy parent.
/// </summary>
/// <remarks>A snapshot that could not be written (or a crash before it was) is older than the roll-up: the parent
/// validates what it loads against its children after every activation (docs/decisions/0017).</remarks>
/// <param name="write">Copies the roll-up into the snapshot state and writes it.</param>
internal sealed class RollUpSnapshotWriter(IGrainBase grain, Func<Task> write, ILogger logger)
{
    /// <summary>How long after the first unwritten change the snapshot is written.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(10);

    private IGrainTimer? _timer;
    private bool _writing;

    /// <summary>The roll-up changed since the snapshot was last written.</summary>
    public bool Dirty { get; private set; }

    /// <summary>The roll-up changed: written within <see cref="Delay"/>.</summary>
    public void Changed()
    {
        Dirty = true;
        // The timer does not keep the grain active: an idle parent deactivates, and deactivation writes.
        _timer ??= grain.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(Delay, Timeout.InfiniteTimeSpan) { KeepAlive = false });
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        if (!await WriteAsync())
            Changed();
    }

    /// <summary>Writes now if anything is unwritten; false when the write failed (logged, still dirty).</summary>
    public async Task<bool> WriteAsync()
    {
        if (!Dirty || _writing)
            return true;
        Dirty = false;
        _writing = true;
        try
        {
            await write();
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Dirty = true;
            logger.LogWarning(e, "Could not write the roll-up snapshot of {Grain}; its next activation validates what it loads.", grain.GrainContext.GrainId);
            return false;
        }
        finally
        {
            _writing = false;
        }
    }
}

/// <summary>
/// Asks children for their summaries after a parent activated from its snapshot, a few at a time (at most
/// <see cref="SiloWide"/> at once in a silo, so a cold city's thousands of actions are activated gently), and hands each
/// answer to the parent, which keeps it when it is newer than what it holds. Children that did not answer are asked
/// again later. It interleaves with the parent's requests: queries are answered from the snapshot meanwhile.
/// </summary>
internal sealed class RollUpValidation<TSummary>(
    IGrainBase grain,
    Func<IReadOnlyCollection<string>> keys,
    Func<string, Task<TSummary?>> ask,
    Func<string, TSummary?, bool> take,
    Action changed,
    ILogger logger)
    where TSummary : class
{
    /// <summary>Children asked at once by one parent.</summary>
    public const int PerParent = 8;

    /// <summary>Children asked at once in a silo, over every parent validating.</summary>
    public const int SiloWide = 16;

    private static readonly SemaphoreSlim s_silo = new(SiloWide);
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_longestPause = TimeSpan.FromMinutes(1);

    private IGrainTimer? _timer;
    private TimeSpan _pause = s_firstRetry;
    private HashSet<string>? _pending;

    /// <summary>Every child answered once since the parent activated.</summary>
    public bool Done { get; private set; }

    /// <summary>Starts validating after <paramref name="delay"/> (the first query goes first).</summary>
    public void Start(TimeSpan delay) =>
        _timer ??= grain.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        _pending ??= new HashSet<string>(keys(), StringComparer.Ordinal);
        var queue = _pending.ToArray();
        var next = 0;
        // Workers share the queue: the grain runs one turn at a time, so the index needs no lock.
        async Task WorkAsync()
        {
            while (next < queue.Length)
            {
                var key = queue[next++];
                await s_silo.WaitAsync(cancellationToken);
                try
                {
                    var summary = await ask(key);
                    _pending.Remove(key);
                    // A new version at once, so that no reader meanwhile gets a summary built on the old one.
                    if (take(key, summary))
                        changed();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    logger.LogDebug(e, "{Grain} could not validate {Child} against its snapshot; asking again later.", grain.GrainContext.GrainId, key);
                }
                finally
                {
                    s_silo.Release();
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Min(PerParent, queue.Length)).Select(_ => WorkAsync()));
        if (_pending.Count == 0)
        {
            Done = true;
            _timer?.Dispose();
            _timer = null;
            return;
        }
        logger.LogWarning("{Grain} could not validate {Count} children against its snapshot; asking them again in {Pause}.", grain.GrainContext.GrainId, _pending.Count, _pause);
        _timer?.Change(_pause, Timeout.InfiniteTimeSpan);
        _pause = TimeSpan.FromTicks(Math.Min(s_longestPause.Ticks, _pause.Ticks * 2));
    }
}
