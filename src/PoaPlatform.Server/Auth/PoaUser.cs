using System.Security.Claims;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Auth;
using PoaPlatform.Persistence.Accounts;

namespace PoaPlatform.Server.Auth;

/// <summary>A signed-in user as the authorization sees them, whichever way they signed in.</summary>
public sealed record PoaUser(string Id, string Name, string Municipality, string Department, string Role, string AuthMethod,
    bool MustChangePassword, string? SecurityStamp, string? TokenId)
{
    public bool IsSuperAdmin => Role == PoaRoles.SuperAdmin;

    /// <summary>Who the audit trail records.</summary>
    public Editor Editor => new(Name, Department);

    public bool BelongsTo(string municipality) => IsSuperAdmin || Municipality == municipality;

    /// <summary>The user of a principal, or null for an anonymous one.</summary>
    public static PoaUser? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
            return null;
        var subject = principal.FindFirstValue(PoaClaims.Subject);
        if (string.IsNullOrEmpty(subject))
            return null;
        return new PoaUser(subject,
            principal.FindFirstValue(PoaClaims.Email) ?? principal.FindFirstValue(PoaClaims.Name) ?? subject,
            principal.FindFirstValue(PoaClaims.Municipality) ?? "",
            principal.FindFirstValue(PoaClaims.Department) ?? "",
            principal.FindFirstValue(PoaClaims.Role) ?? "",
            principal.FindFirstValue(PoaClaims.AuthMethod) ?? "",
            principal.HasClaim(c => c.Type == PoaClaims.MustChangePassword),
            principal.FindFirstValue(PoaClaims.SecurityStamp),
            principal.FindFirstValue(PoaClaims.TokenId));
    }

    /// <summary>The claims of an account's session (cookie) or API token request.</summary>
    public static ClaimsPrincipal Principal(UserAccount account, string authMethod, string authenticationType, string? tokenId = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        var claims = new List<Claim>
        {
            new(PoaClaims.Subject, account.Id),
            new(PoaClaims.Name, account.DisplayName),
            new(PoaClaims.Email, account.Email),
            new(PoaClaims.Municipality, account.Municipality),
            new(PoaClaims.Department, account.Department ?? ""),
            new(PoaClaims.Role, account.Role),
            new(PoaClaims.AuthMethod, authMethod),
            new(PoaClaims.SecurityStamp, account.SecurityStamp),
        };
        if (account.MustChangePassword && authMethod == AuthMethods.Password)
            claims.Add(new Claim(PoaClaims.MustChangePassword, "true"));
        if (tokenId is not null)
            claims.Add(new Claim(PoaClaims.TokenId, tokenId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, PoaClaims.Name, PoaClaims.Role));
    }
}
