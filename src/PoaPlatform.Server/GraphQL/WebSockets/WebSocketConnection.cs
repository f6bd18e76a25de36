using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PoaPlatform.Server.Live;
using PoaPlatform.Server.Telemetry;

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
/// code once whatever is queued before the close has gone out. The queue holds at most
/// <see cref="LiveOptions.MaxQueuedBytesPerSocket"/>: a client that does not read its messages is closed with 1008
/// and cut off if it does not take the close frame either, so a slow reader costs the server a bounded amount.</summary>
internal sealed class WebSocketConnection(WebSocket socket, HttpContext http)
{
    /// <summary>How long a client has to take the close frame (and a send that is stuck on a client that reads
    /// nothing) before the socket is cut.</summary>
    private static readonly TimeSpan s_closeGrace = TimeSpan.FromSeconds(2);

    private readonly LiveOptions _options = http.RequestServices.GetRequiredService<IOptions<LiveOptions>>().Value;
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
    private readonly CancellationTokenSource _abort = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
    private long _queuedBytes;
    private int _overflowed;

    /// <summary>Cancelled when the socket closes: operations of this socket stop with it.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Bytes waiting to be sent.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>False once the socket is closing or its client stopped reading: nothing sent now would arrive.</summary>
    public bool Accepts => Volatile.Read(ref _overflowed) == 0 && !_closing.IsCancellationRequested;

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
            // A client that reads nothing must not hold the writer (and this socket) forever.
            _abort.CancelAfter(s_closeGrace);
            await writer;
            _closing.Dispose();
            _abort.Dispose();
        }
    }

    /// <summary>Queues a text message, UTF-8 encoded, as it will go out (the queue counts its bytes and keeps the memory
    /// given: nothing is copied or encoded again); a client whose queue is full is closed instead (1008), and the queue
    /// dropped.</summary>
    public void Send(ReadOnlyMemory<byte> utf8) => Enqueue(new Outgoing(utf8, default, null, null));

    /// <summary>Queues the text message <paramref name="head"/> + <paramref name="payload"/> + <c>}</c>: a payload
    /// that other sockets share (<see cref="SharedStreams"/>) is kept once, and joined to this socket's head only when
    /// it is sent. The queue counts the whole message.</summary>
    public void Send(ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> payload) => Enqueue(new Outgoing(head, payload, null, null));

    private void Enqueue(Outgoing message)
    {
        if (Volatile.Read(ref _overflowed) != 0)
            return;
        var size = (long)message.Length;
        if (Interlocked.Add(ref _queuedBytes, size) > _options.MaxQueuedBytesPerSocket)
        {
            Interlocked.Add(ref _queuedBytes, -size);
            if (Interlocked.Exchange(ref _overflowed, 1) == 0)
            {
                http.RequestServices.GetService<PoaTelemetry>()?.SlowReaderClosed();
                Close(WebSocketCloseStatus.PolicyViolation, $"The client does not read its messages: more than {_options.MaxQueuedBytesPerSocket} bytes wait");
                try
                {
                    _abort.CancelAfter(s_closeGrace);
                }
                catch (ObjectDisposedException)
                {
                    // The connection has ended already.
                }
            }
            return;
        }
        if (!_outgoing.Writer.TryWrite(message))
            Interlocked.Add(ref _queuedBytes, -size);
    }

    /// <summary>Queues a close frame behind what is queued; always false, for "stop reading".</summary>
    public bool Close(int code, string reason) => Close((WebSocketCloseStatus)code, reason);

    public bool Close(WebSocketCloseStatus status, string reason)
    {
        _outgoing.Writer.TryWrite(new Outgoing(default, default, status, reason));
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
                if (message.Status is null)
                {
                    // Once the queue overflowed only the close frame goes out; what waits is dropped.
                    if (Volatile.Read(ref _overflowed) == 0)
                        await SendTextAsync(message);
                    Interlocked.Add(ref _queuedBytes, -message.Length);
                    continue;
                }
                await socket.CloseOutputAsync(message.Status!.Value, message.Reason, _abort.Token);
                // The reader ends when the client answers the close; one that does not is cut off. (Cancelling a
                // receive aborts the socket, so it must not happen before the close frame is on its way.)
                _closing.CancelAfter(s_closeGrace);
                return;
            }
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Normal Closure", _abort.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone, or would not take what was sent: cutting the socket ends its reader too.
            socket.Abort();
        }
        finally
        {
            // Whatever is still queued will never be sent.
            while (_outgoing.Reader.TryRead(out var left))
            {
                if (left.Status is null)
                    Interlocked.Add(ref _queuedBytes, -left.Length);
            }
        }
    }

    private async ValueTask SendTextAsync(Outgoing message)
    {
        if (message.Payload.IsEmpty)
        {
            await socket.SendAsync(message.Text, WebSocketMessageType.Text, true, _abort.Token);
            return;
        }
        // One frame, as any other message: the head, the shared payload and the brace joined in a rented buffer.
        var length = message.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            message.Text.Span.CopyTo(buffer);
            message.Payload.Span.CopyTo(buffer.AsSpan(message.Text.Length));
            buffer[length - 1] = (byte)'}';
            await socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, true, _abort.Token);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A text message (UTF-8): <see cref="Text"/>, or <see cref="Text"/> + a shared <see cref="Payload"/> +
    /// <c>}</c> when there is one; or the close frame when <see cref="Status"/> is set.</summary>
    private readonly record struct Outgoing(ReadOnlyMemory<byte> Text, ReadOnlyMemory<byte> Payload, WebSocketCloseStatus? Status, string? Reason)
    {
        public int Length => Payload.IsEmpty ? Text.Length : Text.Length + Payload.Length + 1;
    }
}
