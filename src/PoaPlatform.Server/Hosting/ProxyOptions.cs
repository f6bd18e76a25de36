using System.ComponentModel.DataAnnotations;
using System.Net;

namespace PoaPlatform.Server.Hosting;

/// <summary>The reverse proxies (an ingress, a load balancer) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>
/// the host believes (section <c>Proxy</c>). None: the headers are ignored and the connection is the client.</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>Addresses (<c>10.0.0.7</c>) or networks in CIDR notation (<c>10.0.0.0/8</c>) of the trusted proxies.</summary>
    public string[] TrustedNetworks { get; set; } = [];

    /// <summary>How many proxies in a row may append to <c>X-Forwarded-For</c> (an ingress behind a cloud load
    /// balancer: 2); the client is the address right before the last trusted one.</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    public bool Enabled => TrustedNetworks.Length > 0;

    /// <summary>The networks, or the entry that is neither an address nor a network.</summary>
    public (List<IPNetwork> Networks, string? Invalid) Parse()
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in TrustedNetworks)
        {
            var text = entry.Trim();
            if (IPNetwork.TryParse(text, out var network))
                networks.Add(network);
            else if (!text.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(text, out var address))
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            else
                return (networks, entry);
        }
        return (networks, null);
    }
}
