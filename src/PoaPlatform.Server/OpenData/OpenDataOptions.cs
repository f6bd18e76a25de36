using System.ComponentModel.DataAnnotations;

namespace PoaPlatform.Server.OpenData;

/// <summary>The open data package of <c>GET /datos/...</c> (section <c>OpenData</c>): the licence it is published under.</summary>
public sealed class OpenDataOptions
{
    public const string Section = "OpenData";

    /// <summary>An Open Definition licence identifier (letters, digits, '-', '.', '_'), as the Data Package schema asks.</summary>
    [Required, RegularExpression("^[-a-zA-Z0-9._]+$")]
    public string LicenseName { get; set; } = "CC-BY-4.0";

    /// <summary>The licence's human-readable title.</summary>
    [Required]
    public string LicenseTitle { get; set; } = "Creative Commons Attribution 4.0";

    /// <summary>Where the licence's text is.</summary>
    [Required]
    public string LicensePath { get; set; } = "https://creativecommons.org/licenses/by/4.0/";
}
