using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PoaPlatform.Auth;

/// <summary>Issues the development tokens of <c>poa token</c>: signed JWTs with a municipality, a department and a role.
/// For development and tests; people sign in, integrations use API tokens.</summary>
public sealed class TokenIssuer(SecurityKey key, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public string Issue(string user, string municipality, string department, string role, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        if (!PoaRoles.IsValid(role))
            throw new ArgumentException($"'{role}' is not a role; use one of {string.Join(", ", PoaRoles.All)}.", nameof(role));
        if (role != PoaRoles.SuperAdmin && string.IsNullOrWhiteSpace(municipality))
            throw new ArgumentException("A token belongs to a municipality (only a superadmin's has none).", nameof(municipality));
        var now = _clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = PoaClaims.Issuer,
            Audience = PoaClaims.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(
            [
                new Claim(PoaClaims.Subject, user),
                new Claim(PoaClaims.Name, user),
                new Claim(PoaClaims.Municipality, municipality),
                new Claim(PoaClaims.Department, department),
                new Claim(PoaClaims.AuthMethod, AuthMethods.DevelopmentToken),
                new Claim(PoaClaims.Role, role),
                new Claim("jti", Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)),
            ]),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
