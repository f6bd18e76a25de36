using System.ComponentModel.DataAnnotations;

namespace PoaPlatform.Server.Import;

/// <summary>File uploads to <c>POST /import</c> (section <c>Import</c>).</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>Largest file accepted (.xlsx, .txt, .tsv); larger ones get 413. 64 MiB holds a city of 400 departments as text.</summary>
    [Range(1024, 2L * 1024 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 64L * 1024 * 1024;
}
