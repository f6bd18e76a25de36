using System.ComponentModel.DataAnnotations;

namespace PoaPlatform.Server.Hosting;

/// <summary>The POA imported on the first start (section <c>Seed</c>): the embedded default ships the Zacatecas 2021 sample.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Import <see cref="File"/> when its year's POA is still empty.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A file in the seed layout; a relative path is relative to the application folder (where
    /// PoaPlatform.Server.dll is), which holds the samples.</summary>
    public string File { get; set; } = "samples/poa-2021-secretaria-particular.txt";

    [Required]
    public string Municipality { get; set; } = "zacatecas";

    /// <summary>The municipality's record, created on the first start when it does not exist.</summary>
    [Required]
    public string MunicipalityName { get; set; } = "Zacatecas";

    public string State { get; set; } = "Zacatecas";

    /// <summary>Clave INEGI (state 32, municipality 056).</summary>
    public string InegiCode { get; set; } = "32056";

    /// <summary>The rules across these settings, as one line; null when they hold.</summary>
    public string? Problem() => Enabled && string.IsNullOrWhiteSpace(File) ? "Seed:File is required while Seed:Enabled=true (or set Seed:Enabled=false)." : null;
}
