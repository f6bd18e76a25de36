using System.ComponentModel.DataAnnotations;

namespace PoaPlatform.Server.Auth;

/// <summary>Who may read and how tokens are checked (section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>True: anyone reads without a token (the POA is public information). False: any valid token reads everything.</summary>
    public bool PublicRead { get; set; } = true;

    /// <summary>Base64 HMAC key (32+ bytes). Empty: a development key is created in <c>Storage:DataDirectory</c>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Where the development key lives; bound from <c>Storage:DataDirectory</c>.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";
}
