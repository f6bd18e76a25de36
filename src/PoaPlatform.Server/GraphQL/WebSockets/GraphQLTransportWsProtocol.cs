using System.Buffers;
using System.Security.Claims;
using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using Microsoft.Extensions.Options;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.Live;

namespace PoaPlatform.Server.GraphQL.WebSockets;

/// <summary>
/// The graphql-transport-ws protocol (github.com/enisdenjo/graphql-ws, PROTOCOL.md) on one socket: the client sends
/// connection_init (with an optional token), the server answers connection_ack; then subscribe / next / error /
/// complete per operation id, and ping / pong either way. Violations close the socket: 4400 bad message, 4401
/// subscribe before the ack, 4403 a token that does not validate, 4408 no connection_init in time, 4409 an id already
/// in use, 4429 a second connection_init; 4406 when the client does not speak graphql-transport-ws. Queries and
/// mutations answer one next and complete; subscriptions stream until either side completes.
/// </summary>
internal sealed partial class GraphQLTransportWsProtocol : IWebSocketMessageHandler
{
    private readonly WebSocketConnection _connection;
    private readonly HttpContext _http;
    private readonly LiveOptions _options;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly ResponseWriter _writer;
    private readonly SharedStreams _streams;
    private readonly ILogger _logger;
    private readonly Dictionary<string, IDisposable?> _operations = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Task _initTimeout;
    private Task _sessionWatch = Task.CompletedTask;
    private ClaimsPrincipal _user;
    private bool _initReceived;
    private bool _acknowledged;

    public GraphQLTransportWsProtocol(WebSocketConnection connection, HttpContext http)
    {
        _connection = connection;
        _http = http;
        _options = http.RequestServices.GetRequiredService<IOptions<LiveOptions>>().Value;
        _serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        _writer = http.RequestServices.GetRequiredService<ResponseWriter>();
        _streams = http.RequestServices.GetRequiredService<SharedStreams>();
        _logger = http.RequestServices.GetRequiredService<ILogger<GraphQLTransportWsProtocol>>();
        _user = http.User;
        _initTimeout = CloseUnlessInitializedAsync();
    }

    public async Task<bool> OnMessageAsync(ReadOnlyMemory<byte> text)
    {
        string? type, id = null;
        JsonElement payload = default;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
                return _connection.Close(4400, "Invalid message received: no type");
            type = typeElement.GetString();
            if (root.TryGetProperty("id", out var idElement))
                id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            if (root.TryGetProperty("payload", out var payloadElement))
                payload = payloadElement.Clone();
        }
        catch (JsonException)
        {
            return _connection.Close(4400, "Invalid message received: not JSON, or nested deeper than 64");
        }

        switch (type)
        {
            case "connection_init":
                if (_initReceived)
                    return _connection.Close(4429, "Too many initialisation requests");
                _initReceived = true;
                if (await WebSocketAuthentication.AuthenticateAsync(_http, payload) is not { } user)
                    return _connection.Close(4403, "Forbidden");
                _user = user;
                _acknowledged = true;
                _connection.Send(Message("connection_ack"));
                if (PoaUser.From(user) is not null)
                    _sessionWatch = WatchSessionAsync();
                return true;
            case "ping":
                _connection.Send(Message("pong"));
                return true;
            case "pong":
                return true;
            case "subscribe":
                return Subscribe(id, payload);
            case "complete":
                if (string.IsNullOrEmpty(id))
                    return _connection.Close(4400, "Invalid message received: complete without id");
                Take(id)?.Dispose();
                return true;
            default:
                return _connection.Close(4400, $"Invalid message received: unknown type '{Truncate(type)}'");
        }
    }

    public async ValueTask OnClosedAsync()
    {
        List<IDisposable?> operations;
        lock (_lock)
        {
            operations = [.. _operations.Values];
            _operations.Clear();
        }
        foreach (var operation in operations)
            operation?.Dispose();
        await _initTimeout;
        await _sessionWatch;
    }

    private bool Subscribe(string? id, JsonElement payload)
    {
        if (!_acknowledged)
            return _connection.Close(4401, "Unauthorized");
        if (string.IsNullOrEmpty(id) || payload.ValueKind != JsonValueKind.Object)
            return _connection.Close(4400, "Invalid message received: subscribe needs an id and a payload");
        GraphQLRequest? request;
        var text = payload.GetRawText();
        try
        {
            request = _serializer.Deserialize<GraphQLRequest>(text);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            return _connection.Close(4400, "Invalid message received: the payload is not a GraphQL request");
        }
        if (string.IsNullOrWhiteSpace(request?.Query))
            return _connection.Close(4400, "Invalid message received: the payload has no query");
        lock (_lock)
        {
            if (_operations.ContainsKey(id))
                return _connection.Close(4409, $"Subscriber for {Truncate(id)} already exists");
            if (_operations.Count >= _options.MaxOperationsPerConnection)
            {
                _connection.Send(Message("error", id, Errors(new ExecutionError(
                    $"At most {_options.MaxOperationsPerConnection} operations run at once on one socket (Live:MaxOperationsPerConnection); complete one first.")
                { Code = PoaErrors.TooManyRequests })));
                return true;
            }
            _operations[id] = null;
        }
        _ = ExecuteAsync(id, request, text);
        return true;
    }

    /// <summary>Runs one operation in its own service scope, through the execution setup HTTP uses: a query or mutation
    /// answers once, a subscription streams (<see cref="SharedStreams"/>: with the host's subscriptions that asked the
    /// same, when its field allows).</summary>
    private async Task ExecuteAsync(string id, GraphQLRequest request, string requestText)
    {
        var scope = _http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var keepScope = false;
        try
        {
            var executer = scope.ServiceProvider.GetRequiredService<IDocumentExecuter<PoaSchema>>();
            var result = await executer.ExecuteAsync(request.ToExecutionOptions(_user, scope.ServiceProvider, _connection.Closing));

            if (result.Streams is { Count: > 0 } streams)
            {
                var key = SharedStreams.KeyOf(result, scope.ServiceProvider.GetRequiredService<PoaSchema>(), requestText);
                var (leave, tookScope) = _streams.Join(key, new SocketSubscriber(this, id), streams.Values.First(), scope, _writer);
                keepScope = tookScope;
                lock (_lock)
                {
                    if (_operations.ContainsKey(id))
                    {
                        _operations[id] = leave;
                        return;
                    }
                }
                // The client completed the id (or the socket closed) while the operation started.
                leave.Dispose();
                return;
            }

            if (!Forget(id))
                return;
            if (result.Data is null && result.Errors is { Count: > 0 } errors)
            {
                _connection.Send(Message("error", id, Errors([.. errors])));
                return;
            }
            var payload = await _writer.SerializeAsync(result, _connection.Closing);
            _connection.Send(Message("next", id, payload.Span));
            _connection.Send(Message("complete", id));
        }
        catch (OperationCanceledException) when (_connection.Closing.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogOperationFailed(_logger, e, id);
            if (Forget(id))
                _connection.Send(Message("error", id, Errors(new UnhandledError("Internal server error.", e))));
        }
        finally
        {
            if (!keepScope)
                await scope.DisposeAsync();
        }
    }

    private IDisposable? Take(string id)
    {
        lock (_lock)
            return _operations.Remove(id, out var operation) ? operation : null;
    }

    /// <summary>Removes an operation id; false when it was already gone (completed by the client).</summary>
    private bool Forget(string id)
    {
        lock (_lock)
            return _operations.Remove(id);
    }

    private async Task CloseUnlessInitializedAsync()
    {
        try
        {
            await Task.Delay(_options.ConnectionInitTimeout, _connection.Closing);
            if (!_initReceived)
                _connection.Close(4408, "Connection initialisation timeout");
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Closes the socket (4403) once its user may no longer act: the token or session expired or was revoked,
    /// the account was disabled or its password, role or department changed. Checked every Auth:SessionCheckInterval,
    /// and at once when such a change happens on this host.</summary>
    private async Task WatchSessionAsync()
    {
        var validator = _http.RequestServices.GetRequiredService<SessionValidator>();
        var interval = _http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.SessionCheckInterval;
        using var wake = new SemaphoreSlim(0);
        using var changed = validator.OnChanged(() => wake.Release());
        while (!_connection.Closing.IsCancellationRequested)
        {
            try
            {
                await wake.WaitAsync(interval, _connection.Closing);
                if (!await validator.IsValidAsync(_user, _connection.Closing))
                {
                    _connection.Close(4403, "Forbidden: the session or token ended");
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogSessionCheckFailed(_logger, e);
            }
        }
    }

    /// <summary>GraphQL errors as the protocol's error payload (UTF-8 JSON), shaped as over HTTP (a code always, no stack
    /// trace).</summary>
    private byte[] Errors(params ExecutionError[] errors)
    {
        var result = new ExecutionResult { Executed = false, Errors = [.. errors] };
        using var document = JsonDocument.Parse(_serializer.Serialize(result));
        return document.RootElement.TryGetProperty("errors", out var serialized) ? JsonSerializer.SerializeToUtf8Bytes(serialized) : "[]"u8.ToArray();
    }

    private static ReadOnlyMemory<byte> Message(string type, string? id = null) => MessageBuilder.Build(type, id, default, hasPayload: false);

    private static ReadOnlyMemory<byte> Message(string type, string? id, ReadOnlySpan<byte> payloadJson) =>
        MessageBuilder.Build(type, id, payloadJson, hasPayload: true);

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40];

    /// <summary>A subscription's operation id on this socket: each event is a next message made of its own head and
    /// the stream's payload; an error or the end of the stream is its last message.</summary>
    private sealed class SocketSubscriber(GraphQLTransportWsProtocol protocol, string id) : SharedStreams.Subscriber
    {
        /// <summary><c>{"id":…,"type":"next","payload":</c>, made once: a message built around a one-byte payload,
        /// without that payload and the closing brace.</summary>
        private readonly ReadOnlyMemory<byte> _head = Message("next", id, "0"u8)[..^2];

        public override bool Next(byte[] payload)
        {
            if (!protocol._connection.Accepts)
                return false;
            protocol._connection.Send(_head, payload);
            return true;
        }

        public override void Error(Exception error)
        {
            if (protocol.Forget(id))
            {
                protocol._connection.Send(Message("error", id, protocol.Errors(error as ExecutionError
                    ?? new UnhandledError("Internal server error.", error))));
            }
        }

        public override void Completed()
        {
            if (protocol.Forget(id))
                protocol._connection.Send(Message("complete", id));
        }
    }

    /// <summary>Writes the protocol's messages as the UTF-8 bytes that go out: one array of the message's exact size
    /// each, which the socket's queue keeps as it is (a client that reads slowly holds its messages for a while: no
    /// text copy, no slack). A subscription's events are not built here: each is a subscriber's head and the
    /// stream's payload (<see cref="SocketSubscriber"/>). The writer and its buffer are reused per thread.</summary>
    private sealed class MessageBuilder : IDisposable
    {
        /// <summary>A thread keeps a buffer at most this large between messages.</summary>
        private const int KeptCapacity = 64 * 1024;

        [ThreadStatic] private static MessageBuilder? t_builder;

        private readonly ArrayBufferWriter<byte> _buffer = new(1024);
        private readonly Utf8JsonWriter _json;

        private MessageBuilder() => _json = new Utf8JsonWriter(_buffer);

        public static byte[] Build(string type, string? id, ReadOnlySpan<byte> payloadJson, bool hasPayload)
        {
            var builder = t_builder ?? new MessageBuilder();
            t_builder = null; // a message built while this one is (none today) gets its own
            var (buffer, json) = (builder._buffer, builder._json);
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            json.WriteStartObject();
            if (id is not null)
                json.WriteString("id", id);
            json.WriteString("type", type);
            if (hasPayload)
            {
                json.WritePropertyName("payload");
                json.WriteRawValue(payloadJson, skipInputValidation: true);
            }
            json.WriteEndObject();
            json.Flush();
            var message = buffer.WrittenSpan.ToArray();
            if (buffer.Capacity <= KeptCapacity)
                t_builder = builder;
            else
                builder.Dispose();
            return message;
        }

        public void Dispose() => _json.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking a socket's session failed; it is checked again at the next interval.")]
    private static partial void LogSessionCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The WebSocket operation {Id} failed.")]
    private static partial void LogOperationFailed(ILogger logger, Exception exception, string id);
}
