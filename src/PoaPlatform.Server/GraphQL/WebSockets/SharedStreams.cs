using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;

namespace PoaPlatform.Server.GraphQL.WebSockets;

/// <summary>The streams of this host's subscriptions: an event is executed and serialized once per stream, and each
/// subscriber's queue gets a message made of its own head (<c>{"id":…,"type":"next","payload":</c>) and the stream's
/// payload. Subscriptions that ask for the same thing share one stream; without it a change seen by 2,000
/// subscriptions of the same document was executed 2,000 times and made 2,000 copies of the same bytes.</summary>
/// <remarks>Any other subscription has a stream of its own. Only a subscription whose root field says that what it answers depends on the event alone
/// (<see cref="EventOnly"/>) is shared, and only between subscriptions whose payloads (query, variables, operation
/// name, extensions) are the same text. Each subscriber's own execution still authorizes it before it joins: one
/// that may not read gets its error as before, whoever else listens.</remarks>
internal sealed class SharedStreams
{
    /// <summary>Field metadata: the field's events and everything selected under it are a function of the event only
    /// (no user, no request, no service that answers differently per caller), so one execution serves every
    /// subscriber that asked the same.</summary>
    public const string EventOnly = "poa:eventOnly";

    private readonly Dictionary<string, Stream> _streams = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The subscribers of the stream of <paramref name="key"/> (0 when none runs).</summary>
    public int SubscribersOf(string key)
    {
        lock (_lock)
            return _streams.TryGetValue(key, out var stream) ? stream.Members.Length : 0;
    }

    /// <summary>The key under which a subscription is shared, or null when it must run on its own: not a
    /// subscription of one <see cref="EventOnly"/> root field.</summary>
    public static string? KeyOf(ExecutionResult result, ISchema schema, string requestText) =>
        result.Operation is { Operation: OperationType.Subscription, SelectionSet.Selections: [GraphQLField field] }
        && schema.Subscription?.GetField(field.Name.StringValue) is { } definition
        && definition.GetMetadata(EventOnly, false)
            ? requestText
            : null;

    /// <summary>Adds a subscriber to the stream of <paramref name="key"/> (<see cref="KeyOf"/>; null: a stream of its
    /// own), starting it from this subscriber's own execution (<paramref name="source"/>, whose services live in
    /// <paramref name="scope"/>) when none runs. The answer says whether the stream took the scope (it disposes it when
    /// its last subscriber leaves); when it did not, the caller's source is never subscribed and the caller disposes
    /// its scope.</summary>
    public (IDisposable Leave, bool TookScope) Join(string? key, Subscriber subscriber, IObservable<ExecutionResult> source,
        AsyncServiceScope scope, ResponseWriter writer)
    {
        lock (_lock)
        {
            if (key is not null && _streams.TryGetValue(key, out var running))
            {
                running.Members = [.. running.Members, subscriber];
                return (new Leaving(this, running, subscriber), false);
            }
            var stream = new Stream(this, key, scope, writer) { Members = [subscriber] };
            if (key is not null)
                _streams[key] = stream;
            // Events arrive on the hub's thread, never inside Subscribe: subscribing under the lock cannot deadlock.
            stream.Subscription = source.Subscribe(stream);
            return (new Leaving(this, stream, subscriber), true);
        }
    }

    private void Leave(Stream stream, Subscriber subscriber)
    {
        lock (_lock)
        {
            var members = stream.Members;
            var at = Array.IndexOf(members, subscriber);
            if (at < 0)
                return;
            stream.Members = [.. members[..at], .. members[(at + 1)..]];
            if (stream.Members.Length > 0)
                return;
            Unlist(stream);
        }
        stream.End();
    }

    /// <summary>Nobody joins <paramref name="stream"/> any more. Under the lock.</summary>
    private void Unlist(Stream stream)
    {
        if (stream.Key is { } key && _streams.TryGetValue(key, out var current) && current == stream)
            _streams.Remove(key);
    }

    /// <summary>The stream ended on its own (its source completed or failed): nobody joins it any more.</summary>
    private Subscriber[] Close(Stream stream)
    {
        lock (_lock)
        {
            Unlist(stream);
            var members = stream.Members;
            stream.Members = [];
            return members;
        }
    }

    /// <summary>One subscriber of a shared stream: an operation id on one socket.</summary>
    internal abstract class Subscriber
    {
        /// <summary>Takes an event's shared payload (the bytes of the execution result); false once this subscriber's
        /// socket takes nothing more (it is then left out of the stream).</summary>
        public abstract bool Next(byte[] payload);

        public abstract void Error(Exception error);

        public abstract void Completed();
    }

    private sealed class Stream(SharedStreams owner, string? key, AsyncServiceScope scope, ResponseWriter writer) : IObserver<ExecutionResult>
    {
        private int _ended;

        /// <summary>Null for a stream of one subscription, which nobody else joins.</summary>
        public string? Key { get; } = key;

        /// <summary>Replaced, never changed, under the owner's lock; read without it by each event.</summary>
        public volatile Subscriber[] Members = [];

        public IDisposable? Subscription { get; set; }

        public void OnNext(ExecutionResult value)
        {
            var members = Members;
            if (members.Length == 0)
                return;
            var payload = writer.SerializeNow(value).ToArray();
            foreach (var member in members)
            {
                if (!member.Next(payload))
                    owner.Leave(this, member);
            }
        }

        public void OnError(Exception error)
        {
            foreach (var member in owner.Close(this))
                member.Error(error);
            End();
        }

        public void OnCompleted()
        {
            foreach (var member in owner.Close(this))
                member.Completed();
            End();
        }

        public void End()
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0)
                return;
            Subscription?.Dispose();
            _ = scope.DisposeAsync().AsTask();
        }
    }

    private sealed class Leaving(SharedStreams owner, Stream stream, Subscriber subscriber) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
                owner.Leave(stream, subscriber);
        }
    }
}
