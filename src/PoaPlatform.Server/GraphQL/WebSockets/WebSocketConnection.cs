using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PoaPlatform.Server.Live;

namespace PoaPlatform.Server.GraphQL.WebSockets;

/// <summary>What a protocol does with the messages of one socket.</summary>
internal interface IWebSocketMessageHandler
{
    /// <summary>Handles one text message; false once the socket is being closed.</summary>
    Task<bool> OnMessageAsync(ReadOnlyMemory<byte> message);

    /// <summary>The connection ended, whoever closed it: every operation stops.</summary>
    ValueTask OnClosedAsync();
}

/// <summary>One socket's framing: reads whole text messages in order, writes from a single queue, and closes with a
/// code once whatever is queued before the close has gone out.</summary>
internal sealed class WebSocketConnection(WebSocket socket, HttpContext http)
{
    private readonly LiveOptions _options = http.RequestServices.GetRequiredService<IOptions<LiveOptions>>().Value;
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);

    /// <summary>Cancelled when the socket closes: operations of this socket stop with it.</summary>
    public CancellationToken Closing => _closing.Token;

    public async Task RunAsync(IWebSocketMessageHandler handler)
    {
        var writer = WriteLoopAsync();
        try
        {
            await ReadLoopAsync(handler);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away: nothing to answer.
        }
        finally
        {
            await _closing.CancelAsync();
            await handler.OnClosedAsync();
            _outgoing.Writer.TryComplete();
            await writer;
            _closing.Dispose();
        }
    }

    public void Send(string message) => _outgoing.Writer.TryWrite(new Outgoing(message, null, null));

    /// <summary>Queues a close frame behind what is queued; always false, for "stop reading".</summary>
    public bool Close(int code, string reason) => Close((WebSocketCloseStatus)code, reason);

    public bool Close(WebSocketCloseStatus status, string reason)
    {
        _outgoing.Writer.TryWrite(new Outgoing(null, status, reason));
        _outgoing.Writer.TryComplete();
        return false;
    }

    private async Task ReadLoopAsync(IWebSocketMessageHandler handler)
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
            if (!await handler.OnMessageAsync(buffer.WrittenMemory))
                return;
        }
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

    private sealed record Outgoing(string? Text, WebSocketCloseStatus? Status, string? Reason);
}
