using System.ComponentModel.DataAnnotations;

namespace PoaPlatform.Server.Evidence;

/// <summary>Where evidence files are kept.</summary>
public enum EvidenceStoreKind
{
    /// <summary>The platform's own database (table <c>poa_evidence_content</c>), SQLite or PostgreSQL: the default.</summary>
    Database,

    /// <summary>An S3-compatible object store (AWS S3, MinIO, Ceph RGW, ...), <see cref="EvidenceOptions.S3"/>.</summary>
    S3,
}

/// <summary>Evidence of progress reports (section <c>Evidence</c>): the size limit and where the files are kept.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    /// <summary>Largest evidence file accepted, in bytes (default 10 MiB); a larger one is refused with 413 <c>FILE_TOO_LARGE</c>.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Database (default) or S3.</summary>
    public EvidenceStoreKind Store { get; set; } = EvidenceStoreKind.Database;

    /// <summary>The object store, when <see cref="Store"/> is S3.</summary>
    public EvidenceS3Options S3 { get; set; } = new();

    /// <summary>Settings that do not go together, as one line; null when they do.</summary>
    public string? Problem() => Store switch
    {
        EvidenceStoreKind.Database => null,
        EvidenceStoreKind.S3 when string.IsNullOrWhiteSpace(S3.Bucket) => "Evidence:S3:Bucket is required while Evidence:Store=S3.",
        EvidenceStoreKind.S3 when !string.IsNullOrWhiteSpace(S3.ServiceUrl) && !Uri.TryCreate(S3.ServiceUrl, UriKind.Absolute, out _) =>
            $"Evidence:S3:ServiceUrl={S3.ServiceUrl}: not an absolute URL (e.g. http://minio:9000).",
        EvidenceStoreKind.S3 when string.IsNullOrWhiteSpace(S3.AccessKey) != string.IsNullOrWhiteSpace(S3.SecretKey) =>
            "Evidence:S3:AccessKey and Evidence:S3:SecretKey go together (or neither, for the SDK's own credentials: environment, profile, instance role).",
        EvidenceStoreKind.S3 => null,
        _ => $"Evidence:Store={Store}: allowed Database or S3.",
    };
}

/// <summary>An S3-compatible bucket (section <c>Evidence:S3</c>).</summary>
public sealed class EvidenceS3Options
{
    /// <summary>The endpoint of a non-AWS store (MinIO, Ceph, ...): <c>http://minio:9000</c>; empty for AWS S3 itself.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string? Bucket { get; set; }

    /// <summary>Prepended to every object key.</summary>
    public string Prefix { get; set; } = "evidence/";

    /// <summary>Path-style addresses (<c>http://host/bucket/key</c>), which MinIO and most self-hosted stores need.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>With <see cref="SecretKey"/>; both empty uses the SDK's credential chain.</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }
}
