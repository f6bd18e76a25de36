using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Options;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.Consolidation;
using PoaPlatform.Server.GraphQL.WebSockets;
using PoaPlatform.Server.Poas;

namespace PoaPlatform.Server.Live;

/// <summary>Fans a POA's changes out to this host's subscribers with one grain observer per POA, not one per socket;
/// <see cref="PoaSubscription"/> below is its GraphQL face.</summary>
/// <remarks>The host that serves a dashboard may not be the silo that holds the POA grain, so the hub registers an
/// observer reference with <see cref="IPoaGrain"/> while it has subscribers for that POA, renews it every
/// <see cref="LiveOptions.ResubscribeInterval"/> (Orleans drops observers it has not heard from, and a grain that was
/// deactivated has forgotten them), and drops it with the last subscriber. Delivery is best effort: a change during a
/// renewal gap or a silo restart is lost, and clients re-read the figures when they reconnect.</remarks>
public sealed partial class PoaChangeHub(IGrainFactory grains, IOptions<LiveOptions> options, ILogger<PoaChangeHub> logger) : IAsyncDisposable
{
    private readonly IGrainFactory _grains = grains;
    private readonly LiveOptions _options = options.Value;
    private readonly ILogger _logger = logger;
    private readonly Dictionary<string, PoaFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The changes of a POA (key municipality/year), once the grain knows this host is listening.</summary>
    public async Task<IObservable<PoaChange>> WatchAsync(string poaKey, CancellationToken cancellationToken = default)
    {
        PoaFeed feed;
        lock (_lock)
        {
            if (!_feeds.TryGetValue(poaKey, out feed!))
            {
                feed = new PoaFeed(this, poaKey);
                _feeds[poaKey] = feed;
                feed.Start();
            }
        }
        // Waiting for the first registration means a client that subscribed and then changes something hears of it.
        await feed.Registered.WaitAsync(cancellationToken);
        return new PoaObservable(this, poaKey);
    }

    private Unsubscriber Add(string poaKey, IObserver<PoaChange> subscriber)
    {
        lock (_lock)
        {
            if (!_feeds.TryGetValue(poaKey, out var feed))
            {
                feed = new PoaFeed(this, poaKey);
                _feeds[poaKey] = feed;
                feed.Start();
            }
            feed.Subscribers.Add(subscriber);
            return new Unsubscriber(() => Remove(poaKey, feed, subscriber));
        }
    }

    private void Remove(string poaKey, PoaFeed feed, IObserver<PoaChange> subscriber)
    {
        lock (_lock)
        {
            feed.Subscribers.Remove(subscriber);
            if (feed.Subscribers.Count > 0 || !_feeds.Remove(poaKey))
                return;
        }
        _ = feed.StopAsync();
    }

    private bool RemoveIfIdle(string poaKey, PoaFeed feed)
    {
        lock (_lock)
        {
            if (feed.Subscribers.Count > 0)
                return false;
            if (_feeds.TryGetValue(poaKey, out var current) && current == feed)
                _feeds.Remove(poaKey);
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<PoaFeed> feeds;
        lock (_lock)
        {
            feeds = [.. _feeds.Values];
            _feeds.Clear();
        }
        await Task.WhenAll(feeds.Select(f => f.StopAsync()));
    }

    /// <summary>One POA's observer: registered with the POA grain, renewed on a timer, fanning out to subscribers.</summary>
    private sealed class PoaFeed(PoaChangeHub hub, string poaKey) : IPoaObserver
    {
        private readonly TaskCompletionSource _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private IPoaObserver? _reference;
        private Task _renewing = Task.CompletedTask;

        /// <summary>Guarded by the hub's lock.</summary>
        public List<IObserver<PoaChange>> Subscribers { get; } = [];

        /// <summary>Completes after the first registration, whether or not it succeeded (push is best effort).</summary>
        public Task Registered => _registered.Task;

        public void Start()
        {
            _reference = hub._grains.CreateObjectReference<IPoaObserver>(this);
            _renewing = RenewAsync();
        }

        public Task OnChangedAsync(PoaChange change)
        {
            IObserver<PoaChange>[] subscribers;
            lock (hub._lock)
                subscribers = [.. Subscribers];
            foreach (var subscriber in subscribers)
            {
                try
                {
                    subscriber.OnNext(change);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    LogSubscriberFailed(hub._logger, e, poaKey);
                }
            }
            return Task.CompletedTask;
        }

        private async Task RenewAsync()
        {
            var grain = hub._grains.Grain<IPoaGrain>(poaKey);
            var interval = hub._options.ResubscribeInterval;
            try
            {
                while (!_stop.Task.IsCompleted)
                {
                    try
                    {
                        await grain.SubscribeAsync(_reference!);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        LogSubscribeFailed(hub._logger, e, poaKey);
                    }
                    _registered.TrySetResult();
                    await Task.WhenAny(Task.Delay(interval), _stop.Task);
                    // A feed whose watcher never subscribed (the socket went away first) ends at its next renewal.
                    if (_stop.Task.IsCompleted || hub.RemoveIfIdle(poaKey, this))
                        break;
                }
            }
            finally
            {
                _registered.TrySetResult();
                await UnregisterAsync(grain);
            }
        }

        private async Task UnregisterAsync(IPoaGrain grain)
        {
            try
            {
                await grain.UnsubscribeAsync(_reference!);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The grain forgets the observer on its own after the expiry; nothing to do.
                LogUnsubscribeFailed(hub._logger, e, poaKey);
            }
            // The reference, not this object: Orleans refuses anything else ("not a grain reference").
            hub._grains.DeleteObjectReference<IPoaObserver>(_reference!);
        }

        public async Task StopAsync()
        {
            _stop.TrySetResult();
            await _renewing;
        }
    }

    private sealed class PoaObservable(PoaChangeHub hub, string poaKey) : IObservable<PoaChange>
    {
        public IDisposable Subscribe(IObserver<PoaChange> observer) => hub.Add(poaKey, observer);
    }

    private sealed class Unsubscriber(System.Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to the changes of {PoaKey}; retrying at the next renewal.")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception, string poaKey);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not unsubscribe from {PoaKey}.")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string poaKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live subscriber of {PoaKey} failed.")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception, string poaKey);
}

/// <summary>The subscription root: live changes, served over WebSocket (graphql-transport-ws) at /graphql.</summary>
public sealed class PoaSubscription : ObjectGraphType
{
    public PoaSubscription(PoaChangeHub hub, PoaAuthorization authorization)
    {
        Name = "Subscription";
        Field<NonNullGraphType<PoaChangeType>>("poaChanged")
            .Description("Every change of a POA, from any department: the POA's new version and totals. Best effort: re-read after a reconnect.")
            .WithPoaArguments()
            // What an event answers is the change itself: subscribers that asked the same share one execution.
            .WithMetadata(SharedStreams.EventOnly, true)
            .ResolveStreamAsync(async context =>
            {
                var (municipality, year) = PoaArguments.Read(context);
                authorization.EnsureCanRead(context.User, municipality, year);
                return await hub.WatchAsync(PoaKeys.Poa(municipality, year), context.CancellationToken);
            });
    }
}

public sealed class PoaChangeType : ObjectGraphType<PoaChange>
{
    public PoaChangeType()
    {
        Name = "PoaChange";
        Description = "A change of a POA: which department changed, the POA's new version and totals.";
        Field(c => c.PoaKey).Description("municipality/year.");
        Field(c => c.DepartmentKey).Description("municipality/year/department: the department that changed.");
        Field<NonNullGraphType<StringGraphType>>("department").Description("The slug of the department that changed.")
            .Resolve(c => PoaKeys.Leaf(c.Source.DepartmentKey));
        Field<NonNullGraphType<LongGraphType>>("version").Description("The POA's version after the change.").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<FiguresType>>("totals").Resolve(c => c.Source.Totals);
    }
}
