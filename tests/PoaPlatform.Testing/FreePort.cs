using System.Net;
using System.Net.Sockets;

namespace PoaPlatform.Testing;

/// <summary>
/// Hands out TCP ports on 127.0.0.1 that were free a moment ago (bind to port 0, read the port, release it).
/// A port is never handed out twice in one process, so concurrent fixtures (silos, PostgreSQL) do not collide
/// with each other; a collision with another process remains possible but unlikely (the kernel rotates ports).
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> s_handedOut = [];
    private static readonly Lock s_lock = new();

    /// <summary>A port that was free on 127.0.0.1 and not yet handed out by this process.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (s_lock)
            {
                if (s_handedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("Could not find a free TCP port on 127.0.0.1.");
    }

    /// <summary>Several distinct free ports at once (e.g. a silo port and a gateway port).</summary>
    public static int[] Next(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var ports = new int[count];
        for (var i = 0; i < count; i++)
        {
            ports[i] = Next();
        }

        return ports;
    }
}
