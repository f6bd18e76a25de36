using System.Security.Cryptography;

namespace PoaPlatform.Server.Hosting;

/// <summary>Copies an uploaded part to a file without ever holding it whole: 64 KiB at a time, stopping as soon as it
/// passes its limit (the rest is not read here), hashing on the way when asked.</summary>
internal static class BoundedCopy
{
    /// <returns>False when the source is longer than <paramref name="limit"/>.</returns>
    public static async Task<bool> CopyAsync(Stream source, Stream target, long limit, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
                return false;
            hash?.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return true;
    }
}
