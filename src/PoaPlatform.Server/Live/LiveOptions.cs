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

    /// <summary>Operations one socket may run at once, subscriptions included; another gets an error message
    /// (TOO_MANY_REQUESTS) and the socket stays open.</summary>
    [Range(1, 10_000)]
    public int MaxOperationsPerConnection { get; set; } = 100;

    /// <summary>Bytes of messages waiting to be sent on one socket. A client that reads slower than its subscriptions
    /// produce reaches it and is closed (1008), its queue dropped; nothing is buffered beyond it.</summary>
    [Range(4 * 1024, 256 * 1024 * 1024)]
    public int MaxQueuedBytesPerSocket { get; set; } = 256 * 1024;

    /// <summary>Sockets open at once from one client address; another upgrade gets 429. Behind a proxy every client
    /// has the proxy's address: raise it there.</summary>
    [Range(1, 100_000)]
    public int MaxSocketsPerAddress { get; set; } = 20;

    /// <summary>Sockets open at once on this host; another upgrade gets 429.</summary>
    [Range(1, 1_000_000)]
    public int MaxSockets { get; set; } = 2_000;
}
