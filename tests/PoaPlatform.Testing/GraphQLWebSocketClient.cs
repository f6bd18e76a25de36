using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace PoaPlatform.Testing;

/// <summary>A plain WebSocket client speaking graphql-transport-ws to a real server, for protocol tests.</summary>
public sealed class GraphQLWebSocketClient : IDisposable
{
    private readonly ClientWebSocket _socket = new();

    private GraphQLWebSocketClient()
    {
    }

    public ClientWebSocket Socket => _socket;

    /// <summary>Opens a socket to /graphql of <paramref name="server"/> (an http:// address).</summary>
    public static async Task<GraphQLWebSocketClient> ConnectAsync(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var client = new GraphQLWebSocketClient();
        client._socket.Options.AddSubProtocol("graphql-transport-ws");
        await client._socket.ConnectAsync(new Uri($"ws://{server.Authority}/graphql"), CancellationToken.None);
        Assert.Equal("graphql-transport-ws", client._socket.SubProtocol);
        return client;
    }

    /// <summary>connection_init (with a token when given), answered by connection_ack.</summary>
    public async Task InitAsync(string? token = null)
    {
        await SendAsync(token is null ? new { type = "connection_init" } : new { type = "connection_init", payload = (object)new { Authorization = $"Bearer {token}" } });
        Assert.Equal("connection_ack", (await ReceiveAsync())["type"]!.GetValue<string>());
    }

    /// <summary>Subscribes operation <paramref name="id"/> and returns its first answer (next or error).</summary>
    public async Task<JsonNode> RunAsync(string id, string query, object? variables = null)
    {
        await SubscribeAsync(id, query, variables);
        var answer = await ReceiveAsync();
        Assert.Equal(id, answer["id"]?.GetValue<string>());
        return answer;
    }

    /// <summary>Sends subscribe for operation <paramref name="id"/>; answers the text of its payload as it went out
    /// (the server shares a stream between subscriptions whose payloads are the same text).</summary>
    public async Task<string> SubscribeAsync(string id, string query, object? variables = null)
    {
        var payload = new { query, variables };
        await SendAsync(new { id, type = "subscribe", payload });
        return JsonSerializer.Serialize(payload);
    }

    public Task SendAsync(object message) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, true, CancellationToken.None);

    public async Task<JsonNode> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
                Assert.Fail($"The server closed the socket ({(int?)result.CloseStatus} {result.CloseStatusDescription}) instead of sending a message.");
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonNode.Parse(message.ToArray())!;
    }

    /// <summary>Reads until the server's close frame and returns its code (messages before it are skipped).</summary>
    public async Task<int> ClosedWithAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
                return (int)result.CloseStatus!.Value;
        }
    }

    public void Dispose() => _socket.Dispose();
}
