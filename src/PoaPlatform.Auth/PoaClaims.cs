namespace PoaPlatform.Auth;

/// <summary>The claim names of a POA token and the issuer and audience every token carries.</summary>
public static class PoaClaims
{
    /// <summary>The user's id (JWT <c>sub</c>).</summary>
    public const string Subject = "sub";

    /// <summary>The user's display name.</summary>
    public const string Name = "name";

    /// <summary>The slug of the department the user belongs to.</summary>
    public const string Department = "department";

    /// <summary>One of <see cref="PoaRoles"/>.</summary>
    public const string Role = "role";

    public const string Issuer = "poa-platform";

    public const string Audience = "poa-platform";
}
