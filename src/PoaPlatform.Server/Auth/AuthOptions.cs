using System.ComponentModel.DataAnnotations;

namespace PoaPlatform.Server.Auth;

/// <summary>Who may read, how people sign in and how tokens are checked (section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>True: anyone reads without signing in (the POA is public information). False: reading a municipality's
    /// POA needs a user of that municipality.</summary>
    public bool PublicRead { get; set; } = true;

    /// <summary>Base64 HMAC key (32+ bytes) of development tokens. Empty: a key is created in <c>Storage:DataDirectory</c>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Where the development key lives; bound from <c>Storage:DataDirectory</c>.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>How long a signed-in session lasts without activity (it slides with use).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How often an open session or socket is checked against its account (disabled, new password or role,
    /// revoked token); a change made on this host ends the sockets at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sign-in attempts one client address may make per minute.</summary>
    [Range(1, 10_000)]
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>Origins (scheme://host[:port]) allowed to call the API from a browser; none: CORS stays closed.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>The first admin's email, created on the first start of an empty database (its password goes to the log once).</summary>
    [Required, EmailAddress]
    public string BootstrapAdminEmail { get; set; } = "admin@poa.local";

    /// <summary>Single sign-on with the city's OpenID Connect provider; off while <see cref="OidcOptions.Authority"/> is empty.</summary>
    public OidcOptions Oidc { get; set; } = new();
}

/// <summary>The city's OpenID Connect provider (section <c>Auth:Oidc</c>) and how its claims become a POA user.</summary>
public sealed class OidcOptions
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Allow an http:// authority (a provider on a development machine or in a test).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>The claim that names the user's municipality (its slug).</summary>
    public string MunicipalityClaim { get; set; } = "municipality";

    public string DepartmentClaim { get; set; } = "department";

    public string RoleClaim { get; set; } = "role";

    /// <summary>The claim with the user's groups, and what a group means: "municipality:role[:department]".</summary>
    public string GroupsClaim { get; set; } = "groups";

    public Dictionary<string, string> Groups { get; set; } = new(StringComparer.Ordinal);

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
