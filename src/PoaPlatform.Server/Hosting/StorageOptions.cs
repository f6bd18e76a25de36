using System.ComponentModel.DataAnnotations;
using System.Net;
using PoaPlatform.Persistence;

namespace PoaPlatform.Server.Hosting;

/// <summary>Where the platform keeps its durable state (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Sqlite (embedded default, a file under <see cref="DataDirectory"/>) or PostgreSql.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Folder for the SQLite database and the development signing key; a relative path is relative to the
    /// working directory (the data belongs to whoever runs the server, not to its program folder).</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply the schema migrations when the host starts (the Kubernetes Job does it in production).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>The most grain writes one transaction carries (group commit).</summary>
    [Range(1, 10_000)]
    public int GroupCommitMaxBatch { get; set; } = GroupCommitOptions.Default.MaxBatch;

    /// <summary>How long a write waits for others to share its commit; 0 (the default) waits for none: a commit takes
    /// the writes that queued while the previous one ran.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan GroupCommitDelay { get; set; } = GroupCommitOptions.Default.MaxDelay;

    /// <summary>Transactions of grain writes committing at once on PostgreSQL, 1 by default (SQLite commits one at a time).</summary>
    [Range(1, 64)]
    public int GroupCommitWriters { get; set; } = GroupCommitOptions.Default.Writers;

    public GroupCommitOptions GroupCommit => new(GroupCommitMaxBatch, GroupCommitDelay, GroupCommitWriters);

    /// <summary>The provider and <c>ConnectionStrings:Poa</c> that do not go together, as one line; null when they do.</summary>
    public string? ConnectionProblem(string? connectionString) => Provider switch
    {
        StorageProvider.PostgreSql when string.IsNullOrWhiteSpace(connectionString) =>
            "ConnectionStrings:Poa is required while Storage:Provider=PostgreSql; set it, e.g. ConnectionStrings__Poa=\"Host=db;Database=poa;Username=poa;Password=...\".",
        StorageProvider.PostgreSql or StorageProvider.Sqlite => null,
        _ => $"Storage:Provider={Provider}: allowed Sqlite or PostgreSql.",
    };

    /// <summary>The target from these options and <c>ConnectionStrings:Poa</c> (required for PostgreSql).</summary>
    public StorageTarget ToTarget(string? connectionString) => Provider switch
    {
        StorageProvider.PostgreSql when string.IsNullOrWhiteSpace(connectionString) => throw new InvalidOperationException(
            "Storage:Provider is PostgreSql but ConnectionStrings:Poa is empty. Set it, e.g. ConnectionStrings__Poa=\"Host=db;Database=poa;Username=poa;Password=...\"."),
        StorageProvider.PostgreSql => StorageTarget.PostgreSql(connectionString!),
        _ => string.IsNullOrWhiteSpace(connectionString)
            ? StorageTarget.Sqlite(Path.GetFullPath(Path.Combine(DataDirectory, "poa.db")))
            : new StorageTarget(StorageProvider.Sqlite, connectionString),
    };
}

/// <summary>How this process joins the Orleans cluster (section <c>Cluster</c>; never <c>Orleans</c>, which Orleans reads itself).</summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>Localhost (single silo, the embedded default), AdoNet (membership in the database) or Kubernetes
    /// (AdoNet membership, silo identity and endpoints from the pod).</summary>
    public ClusterMode Mode { get; set; } = ClusterMode.Localhost;

    /// <summary>Silo co-hosts grains in this process; Gateway serves HTTP only, as a client of a cluster.</summary>
    public HostRole Role { get; set; } = HostRole.Silo;

    public string ServiceId { get; set; } = "poa-platform";

    public string ClusterId { get; set; } = "poa";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at (AdoNet mode); loopback by default.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>A grain not called for this long is deactivated (its state stays stored; the next call reads it again).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan IdleDeactivation { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a grain call waits for its answer (Orleans' messaging response timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The rules across these settings, as one line; null when they hold.</summary>
    public string? Problem() =>
        !Enum.IsDefined(Mode) ? $"Cluster:Mode={Mode}: allowed Localhost, AdoNet or Kubernetes."
        : !Enum.IsDefined(Role) ? $"Cluster:Role={Role}: allowed Silo or Gateway."
        : Mode == ClusterMode.AdoNet && !IPAddress.TryParse(AdvertisedAddress, out _) ? $"Cluster:AdvertisedAddress={Settings.Format(AdvertisedAddress)}: allowed an IP address (10.0.0.7) in AdoNet mode."
        : SiloPort == GatewayPort ? $"Cluster:SiloPort={SiloPort} and Cluster:GatewayPort={GatewayPort}: allowed two different ports."
        : null;
}

public enum ClusterMode
{
    Localhost,
    AdoNet,
    Kubernetes,
}

public enum HostRole
{
    Silo,
    Gateway,
}
