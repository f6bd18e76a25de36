namespace PoaPlatform.Auth;

/// <summary>The claim names of a signed-in user (cookie, API token or development token) and the issuer and audience
/// of development tokens.</summary>
public static class PoaClaims
{
    /// <summary>The user's id (JWT <c>sub</c>).</summary>
    public const string Subject = "sub";

    /// <summary>The user's display name.</summary>
    public const string Name = "name";

    public const string Email = "email";

    /// <summary>The slug of the municipality the user belongs to; empty for a superadmin.</summary>
    public const string Municipality = "municipality";

    /// <summary>The slug of the department the user belongs to (editors).</summary>
    public const string Department = "department";

    /// <summary>One of <see cref="PoaRoles"/>.</summary>
    public const string Role = "role";

    /// <summary>How the user signed in: <see cref="AuthMethods"/>.</summary>
    public const string AuthMethod = "poa_auth";

    /// <summary>The account's security stamp when the session began: a session whose stamp is no longer the account's
    /// (new password, new role, disabled) ends.</summary>
    public const string SecurityStamp = "poa_stamp";

    /// <summary>Present while the user must choose a new password before doing anything else.</summary>
    public const string MustChangePassword = "poa_must_change_password";

    /// <summary>The id of the API token a request came with.</summary>
    public const string TokenId = "poa_token";

    public const string Issuer = "poa-platform";

    public const string Audience = "poa-platform";
}

/// <summary>Values of <see cref="PoaClaims.AuthMethod"/>.</summary>
public static class AuthMethods
{
    public const string Password = "password";
    public const string SingleSignOn = "oidc";
    public const string ApiToken = "api-token";
    public const string DevelopmentToken = "development-token";
}
