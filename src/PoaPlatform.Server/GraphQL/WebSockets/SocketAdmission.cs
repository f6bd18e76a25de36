using System.Net;
using Microsoft.Extensions.Options;
using PoaPlatform.Server.Live;
using PoaPlatform.Server.Telemetry;

namespace PoaPlatform.Server.GraphQL.WebSockets;

/// <summary>Counts the open sockets of this host, in all and per client address, and admits a new one while both are
/// under their limits (<see cref="LiveOptions.MaxSockets"/>, <see cref="LiveOptions.MaxSocketsPerAddress"/>).</summary>
public sealed class SocketAdmission(IOptions<LiveOptions> options, PoaTelemetry? telemetry = null)
{
    private readonly LiveOptions _options = options.Value;
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Lock _lock = new();
    private int _total;

    /// <summary>Sockets open on this host.</summary>
    public int Open
    {
        get
        {
            lock (_lock)
                return _total;
        }
    }

    /// <summary>A lease to dispose when the socket ends, or why it is refused.</summary>
    public (IDisposable? Lease, string? Refusal) TryAdmit(IPAddress? address)
    {
        var key = address ?? IPAddress.None;
        lock (_lock)
        {
            if (_total >= _options.MaxSockets)
            {
                telemetry?.SocketRefused("host");
                return (null, $"This server has {_total} sockets open, its limit (Live:MaxSockets); try again later.");
            }
            var mine = _perAddress.GetValueOrDefault(key);
            if (mine >= _options.MaxSocketsPerAddress)
            {
                telemetry?.SocketRefused("address");
                return (null, $"Your address has {mine} sockets open, the limit per address (Live:MaxSocketsPerAddress); close one first.");
            }
            _perAddress[key] = mine + 1;
            _total++;
            telemetry?.SocketOpened();
            return (new Lease(this, key), null);
        }
    }

    private void Release(IPAddress key)
    {
        lock (_lock)
        {
            _total--;
            telemetry?.SocketClosed();
            if (_perAddress[key] <= 1)
                _perAddress.Remove(key);
            else
                _perAddress[key]--;
        }
    }

    private sealed class Lease(SocketAdmission admission, IPAddress key) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                admission.Release(key);
        }
    }
}
