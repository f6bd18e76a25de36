using System.Buffers;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using PoaPlatform.Server.Live;

namespace PoaPlatform.Server.GraphQL;

/// <summary>GraphQL over WebSocket with the graphql-transport-ws protocol, on the same path as the HTTP endpoint.</summary>
/// <remarks>
/// The protocol (github.com/enisdenjo/graphql-ws, PROTOCOL.md): the client sends connection_init (with an optional
/// token as <c>{"Authorization": "Bearer ..."}</c>), the server answers connection_ack; then subscribe / next / error /
/// complete per operation id, and ping / pong either way. Violations close the socket: 4400 bad message, 4401
/// subscribe before the ack, 4403 a token that does not validate, 4408 no connection_init in time, 4409 an id already
/// in use, 4429 a second connection_init; 4406 when the client does not speak graphql-transport-ws.
/// Queries and mutations work too (one next, then complete); subscriptions stream until either side completes.
/// </remarks>
public static class GraphQLWebSocketEndpoint
{
    public const string SubProtocol = "graphql-transport-ws";

    public static IApplicationBuilder UseGraphQLWebSockets(this IApplicationBuilder app, string path = "/graphql")
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Use(async (http, next) =>
        {
            if (!http.WebSockets.IsWebSocketRequest || !http.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase))
            {
                await next(http);
                return;
            }
            if (!http.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol, StringComparer.Ordinal))
            {
                using var refused = await http.WebSockets.AcceptWebSocketAsync();
                await refused.CloseAsync((WebSocketCloseStatus)4406, "Subprotocol not acceptable", http.RequestAborted);
                return;
            }
            using var socket = await http.WebSockets.AcceptWebSocketAsync(SubProtocol);
            await new GraphQLWebSocketConnection(socket, http).RunAsync();
        });
        return app;
    }
}

/// <summary>One client's socket: reads its messages in order, runs its operations, and writes from a single queue.</summary>
internal sealed partial class GraphQLWebSocketConnection(WebSocket socket, HttpContext http)
{
    private readonly LiveOptions _options = http.RequestServices.GetRequiredService<IOptions<LiveOptions>>().Value;
    private readonly IGraphQLTextSerializer _serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
    private readonly ILogger _logger = http.RequestServices.GetRequiredService<ILogger<GraphQLWebSocketConnection>>();
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, IDisposable?> _operations = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
    private ClaimsPrincipal _user = http.User;
    private bool _initReceived;
    private bool _acknowledged;

    public async Task RunAsync()
    {
        var writer = WriteLoopAsync();
        var initTimeout = CloseUnlessInitializedAsync();
        try
        {
            await ReadLoopAsync();
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away: nothing to answer.
        }
        finally
        {
            await _closing.CancelAsync();
            List<IDisposable?> operations;
            lock (_lock)
            {
                operations = [.. _operations.Values];
                _operations.Clear();
            }
            foreach (var operation in operations)
                operation?.Dispose();
            _outgoing.Writer.TryComplete();
            await writer;
            await initTimeout;
            _closing.Dispose();
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (socket.State == WebSocketState.Open && !_closing.IsCancellationRequested)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.GetMemory(4096), _closing.Token);
                buffer.Advance(received.Count);
                if (buffer.WrittenCount > _options.MaxMessageBytes)
                {
                    Close(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {_options.MaxMessageBytes} bytes");
                    return;
                }
            }
            while (!received.EndOfMessage);

            if (received.MessageType == WebSocketMessageType.Close)
            {
                _outgoing.Writer.TryComplete();
                return;
            }
            if (received.MessageType != WebSocketMessageType.Text)
            {
                Close(4400, "Messages are JSON text");
                return;
            }
            if (!await HandleAsync(buffer.WrittenMemory))
                return;
        }
    }

    /// <summary>Handles one message; false once the socket is being closed.</summary>
    private async Task<bool> HandleAsync(ReadOnlyMemory<byte> text)
    {
        string? type, id = null;
        JsonElement payload = default;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
                return Close(4400, "Invalid message received: no type");
            type = typeElement.GetString();
            if (root.TryGetProperty("id", out var idElement))
                id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            if (root.TryGetProperty("payload", out var payloadElement))
                payload = payloadElement.Clone();
        }
        catch (JsonException)
        {
            return Close(4400, "Invalid message received: not JSON");
        }

        switch (type)
        {
            case "connection_init":
                if (_initReceived)
                    return Close(4429, "Too many initialisation requests");
                _initReceived = true;
                if (!await AuthenticateAsync(payload))
                    return Close(4403, "Forbidden");
                _acknowledged = true;
                Send(Message("connection_ack"));
                return true;
            case "ping":
                Send(Message("pong"));
                return true;
            case "pong":
                return true;
            case "subscribe":
                return Subscribe(id, payload);
            case "complete":
                if (string.IsNullOrEmpty(id))
                    return Close(4400, "Invalid message received: complete without id");
                IDisposable? running = null;
                lock (_lock)
                {
                    if (_operations.Remove(id, out var operation))
                        running = operation;
                }
                running?.Dispose();
                return true;
            default:
                return Close(4400, $"Invalid message received: unknown type '{Truncate(type)}'");
        }
    }

    private bool Subscribe(string? id, JsonElement payload)
    {
        if (!_acknowledged)
            return Close(4401, "Unauthorized");
        if (string.IsNullOrEmpty(id) || payload.ValueKind != JsonValueKind.Object)
            return Close(4400, "Invalid message received: subscribe needs an id and a payload");
        GraphQLRequest? request;
        try
        {
            request = _serializer.Deserialize<GraphQLRequest>(payload.GetRawText());
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            return Close(4400, "Invalid message received: the payload is not a GraphQL request");
        }
        if (string.IsNullOrWhiteSpace(request?.Query))
            return Close(4400, "Invalid message received: the payload has no query");
        lock (_lock)
        {
            if (_operations.ContainsKey(id))
                return Close(4409, $"Subscriber for {Truncate(id)} already exists");
            if (_operations.Count >= _options.MaxOperationsPerConnection)
            {
                Send(ErrorMessage(id, $"At most {_options.MaxOperationsPerConnection} operations run at once on one socket."));
                return true;
            }
            _operations[id] = null;
        }
        _ = ExecuteAsync(id, request);
        return true;
    }

    /// <summary>Runs one operation in its own service scope: a query or mutation answers once, a subscription streams.</summary>
    private async Task ExecuteAsync(string id, GraphQLRequest request)
    {
        var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var keepScope = false;
        try
        {
            var executer = scope.ServiceProvider.GetRequiredService<IDocumentExecuter<PoaSchema>>();
            var result = await executer.ExecuteAsync(new ExecutionOptions
            {
                Query = request.Query,
                OperationName = request.OperationName,
                Variables = request.Variables,
                Extensions = request.Extensions,
                RequestServices = scope.ServiceProvider,
                User = _user,
                CancellationToken = _closing.Token,
            });

            if (result.Streams is { Count: > 0 } streams)
            {
                var relay = new Relay(this, id, scope);
                var subscription = streams.Values.First().Subscribe(relay);
                lock (_lock)
                {
                    if (_operations.ContainsKey(id))
                    {
                        _operations[id] = relay.Attach(subscription);
                        keepScope = true;
                        return;
                    }
                }
                // The client completed the id (or the socket closed) while the operation started.
                subscription.Dispose();
                return;
            }

            if (!Forget(id))
                return;
            if (result.Data is null && result.Errors is { Count: > 0 })
            {
                Send(Message("error", id, ErrorsOf(result)));
                return;
            }
            Send(Message("next", id, _serializer.Serialize(result)));
            Send(Message("complete", id));
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogOperationFailed(_logger, e, id);
            if (Forget(id))
                Send(ErrorMessage(id, "Internal server error."));
        }
        finally
        {
            if (!keepScope)
                await scope.DisposeAsync();
        }
    }

    /// <summary>Removes an operation id; false when it was already gone (completed by the client).</summary>
    private bool Forget(string id)
    {
        lock (_lock)
            return _operations.Remove(id);
    }

    private async Task<bool> AuthenticateAsync(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
            return true;
        var token = ReadToken(payload);
        if (token is null)
            return true;
        var jwt = http.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var validated = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, jwt.TokenValidationParameters);
        if (!validated.IsValid)
            return false;
        _user = new ClaimsPrincipal(validated.ClaimsIdentity);
        return true;
    }

    private static string? ReadToken(JsonElement payload)
    {
        foreach (var name in (string[])["Authorization", "authorization", "token"])
        {
            if (payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                return text.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? text[7..].Trim() : text.Trim();
        }
        return null;
    }

    private async Task CloseUnlessInitializedAsync()
    {
        try
        {
            await Task.Delay(_options.ConnectionInitTimeout, _closing.Token);
            if (!_initReceived)
                Close(4408, "Connection initialisation timeout");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Send(string message) => _outgoing.Writer.TryWrite(new Outgoing(message, null, null));

    /// <summary>Queues a close frame behind what is queued; always false, for "stop reading".</summary>
    private bool Close(int code, string reason) => Close((WebSocketCloseStatus)code, reason);

    private bool Close(WebSocketCloseStatus status, string reason)
    {
        _outgoing.Writer.TryWrite(new Outgoing(null, status, reason));
        _outgoing.Writer.TryComplete();
        return false;
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync())
            {
                if (socket.State != WebSocketState.Open && socket.State != WebSocketState.CloseReceived)
                    return;
                if (message.Text is not null)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(message.Text), WebSocketMessageType.Text, true, http.RequestAborted);
                    continue;
                }
                await socket.CloseOutputAsync(message.Status!.Value, message.Reason, http.RequestAborted);
                // The reader ends when the client answers the close; one that does not is cut off. (Cancelling a
                // receive aborts the socket, so it must not happen before the close frame is on its way.)
                _closing.CancelAfter(TimeSpan.FromSeconds(2));
                return;
            }
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Normal Closure", http.RequestAborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone.
        }
    }

    private string ErrorsOf(ExecutionResult result)
    {
        using var document = JsonDocument.Parse(_serializer.Serialize(result));
        return document.RootElement.TryGetProperty("errors", out var errors) ? errors.GetRawText() : "[]";
    }

    private string ErrorMessage(string id, string message) =>
        Message("error", id, _serializer.Serialize(new[] { new Dictionary<string, object> { ["message"] = message } }));

    private static string Message(string type, string? id = null, string? payloadJson = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (id is not null)
                json.WriteString("id", id);
            json.WriteString("type", type);
            if (payloadJson is not null)
            {
                json.WritePropertyName("payload");
                json.WriteRawValue(payloadJson, skipInputValidation: true);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40];

    private sealed record Outgoing(string? Text, WebSocketCloseStatus? Status, string? Reason);

    /// <summary>Writes a subscription's events as next messages, and complete or error when its stream ends.</summary>
    private sealed class Relay(GraphQLWebSocketConnection connection, string id, AsyncServiceScope scope) : IObserver<ExecutionResult>
    {
        private IDisposable? _subscription;
        private int _ended;

        public IDisposable Attach(IDisposable subscription)
        {
            _subscription = subscription;
            return new Ender(this);
        }

        public void OnNext(ExecutionResult value) =>
            connection.Send(Message("next", id, connection._serializer.Serialize(value)));

        public void OnError(Exception error)
        {
            if (connection.Forget(id))
                connection.Send(error is ExecutionError execution
                    ? Message("error", id, connection._serializer.Serialize(new[] { new Dictionary<string, object> { ["message"] = execution.Message } }))
                    : connection.ErrorMessage(id, "Internal server error."));
            End();
        }

        public void OnCompleted()
        {
            if (connection.Forget(id))
                connection.Send(Message("complete", id));
            End();
        }

        private void End()
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0)
                return;
            _subscription?.Dispose();
            _ = scope.DisposeAsync().AsTask();
        }

        private sealed class Ender(Relay relay) : IDisposable
        {
            public void Dispose() => relay.End();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The WebSocket operation {Id} failed.")]
    private static partial void LogOperationFailed(ILogger logger, Exception exception, string id);
}
