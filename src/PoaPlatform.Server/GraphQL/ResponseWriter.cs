using GraphQL;
using Microsoft.Extensions.Options;

namespace PoaPlatform.Server.GraphQL;

/// <summary>Every transport's answers as JSON, at most <see cref="GraphQLOptions.MaxResponseBytes"/>: a larger answer is
/// never sent (nor held in memory whole); a <see cref="PoaErrors.ResponseTooLarge"/> error goes in its place.</summary>
public sealed class ResponseWriter(IGraphQLSerializer serializer, IOptions<GraphQLOptions> options)
{
    private readonly int _limit = options.Value.MaxResponseBytes;

    /// <summary>The result as UTF-8 JSON, or the error that replaces it when it is too large.</summary>
    public Task<ReadOnlyMemory<byte>> SerializeAsync(ExecutionResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        return SerializeAsync(result, new LimitedBuffer(_limit), cancellationToken);
    }

    private async Task<ReadOnlyMemory<byte>> SerializeAsync(ExecutionResult result, LimitedBuffer buffer, CancellationToken cancellationToken)
    {
        try
        {
            await serializer.WriteAsync(buffer, result, cancellationToken);
            return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        }
        catch (TooLargeException)
        {
            var refused = new ExecutionResult { Executed = result.Executed };
            refused.AddError(PoaErrors.Of(PoaErrors.ResponseTooLarge,
                $"The answer is larger than {_limit:N0} bytes (GraphQL:MaxResponseBytes), so it was not sent; ask for fewer fields or smaller pages (first). " +
                "A mutation in the operation did run."));
            var small = new MemoryStream();
            await serializer.WriteAsync(small, refused, cancellationToken);
            return small.GetBuffer().AsMemory(0, (int)small.Length);
        }
    }

    /// <summary>The same, for a subscription's events, which are written as they arrive and copied into their message at
    /// once: the bytes are those of a buffer this thread reuses for its next event (a span, so they cannot outlive the
    /// call's caller), which saves the growing buffer each event would otherwise allocate, once per subscriber.</summary>
    public ReadOnlySpan<byte> SerializeNow(ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var buffer = t_events ??= new LimitedBuffer(_limit);
        buffer.Limit = _limit;
        buffer.SetLength(0);
        var written = SerializeAsync(result, buffer, CancellationToken.None).GetAwaiter().GetResult();
        if (buffer.Capacity > KeptCapacity)
            t_events = null; // a rare large event does not stay with the thread
        return written.Span;
    }

    /// <summary>A thread keeps an event buffer at most this large between events.</summary>
    private const int KeptCapacity = 64 * 1024;

    [ThreadStatic] private static LimitedBuffer? t_events;

    /// <summary>Refuses to grow past its limit.</summary>
    private sealed class LimitedBuffer(int limit) : MemoryStream
    {
        public int Limit { get; set; } = limit;

        public override void Write(byte[] buffer, int offset, int count)
        {
            Check(count);
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Check(buffer.Length);
            base.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Check(count);
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Check(buffer.Length);
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override void WriteByte(byte value)
        {
            Check(1);
            base.WriteByte(value);
        }

        private void Check(int count)
        {
            if (Length + count > Limit)
                throw new TooLargeException();
        }
    }

    private sealed class TooLargeException : Exception;
}
