using System.ComponentModel.DataAnnotations;

namespace PoaPlatform.Server.Live;

/// <summary>Live updates over WebSocket (section <c>Live</c>).</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>How often the hub renews its grain observer: Orleans forgets an observer it has not heard from (5 min).</summary>
    public TimeSpan ResubscribeInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a WebSocket may wait before its connection_init (graphql-transport-ws closes with 4408 then).</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The largest message a client may send; a longer one closes the socket (1009).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    /// <summary>Operations one socket may run at once.</summary>
    [Range(1, 10_000)]
    public int MaxOperationsPerConnection { get; set; } = 100;
}
