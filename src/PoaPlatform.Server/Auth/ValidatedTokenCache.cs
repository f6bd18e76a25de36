using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PoaPlatform.Server.Auth;

/// <summary>
/// The development tokens' handler: a token that validated is known for as long as it is valid (at most
/// <see cref="LongestKept"/>), so the requests of a client that sends the same token again are not each parsed and
/// checked against the key. What is kept is the validation's answer for that exact text under the same signing key,
/// issuer and audience; a token that did not validate is never kept, and each request gets its own copy of the identity.
/// </summary>
/// <remarks>Revocation is not the token's business: an account's deactivation or new security stamp is checked by
/// <see cref="SessionValidator"/> whatever this holds.</remarks>
public sealed class ValidatedTokenCache(TimeProvider clock) : TokenHandler
{
    /// <summary>How many tokens are known at most; past it, the expired go, and if none had, all go.</summary>
    public const int Capacity = 10_000;

    /// <summary>How long a token is known at most, however long it is valid.</summary>
    public static readonly TimeSpan LongestKept = TimeSpan.FromMinutes(5);

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Known> _known = new(StringComparer.Ordinal);

    /// <summary>Tokens known now (for the tests).</summary>
    public int Count => _known.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        var now = clock.GetUtcNow();
        var against = Against.Of(validationParameters);
        if (against is not null && token is not null && _known.TryGetValue(token, out var known) && now < known.Until && known.Against.Is(against))
        {
            return new TokenValidationResult
            {
                IsValid = true,
                SecurityToken = known.Token,
                ClaimsIdentity = known.Identity.Clone(),
                Issuer = known.Issuer,
                TokenType = known.TokenType,
            };
        }

        var result = await _handler.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && against is not null && token is not null && result.SecurityToken is JsonWebToken jwt)
        {
            var until = new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc));
            if (until > now + LongestKept)
                until = now + LongestKept;
            if (until > now)
            {
                MakeRoom(now);
                // The copy kept is never handed out: each request clones it (a handler may add claims to its own).
                _known[token] = new Known(until, against, jwt, result.ClaimsIdentity.Clone(), result.Issuer, result.TokenType);
            }
        }
        return result;
    }

    public override SecurityToken ReadToken(string token) => _handler.ReadToken(token);

    private void MakeRoom(DateTimeOffset now)
    {
        if (_known.Count < Capacity)
            return;
        foreach (var (token, known) in _known)
        {
            if (known.Until <= now)
                _known.TryRemove(token, out _);
        }
        if (_known.Count >= Capacity)
            _known.Clear();
    }

    /// <summary>A validated token (valid until <see cref="Until"/>), and what it was validated against.</summary>
    private sealed record Known(DateTimeOffset Until, Against Against, JsonWebToken Token, ClaimsIdentity Identity, string Issuer, string TokenType);

    /// <summary>The one signing key, issuer and audience a token is checked against; the same three validate it again.</summary>
    private sealed record Against(SecurityKey Key, string? Issuer, string? Audience)
    {
        /// <summary>What <paramref name="parameters"/> check against; null when they name lists of keys, issuers or
        /// audiences (nothing is kept for them).</summary>
        public static Against? Of(TokenValidationParameters parameters) =>
            parameters.IssuerSigningKey is { } key && parameters.IssuerSigningKeys is null && parameters.ValidIssuers is null && parameters.ValidAudiences is null
                ? new Against(key, parameters.ValidIssuer, parameters.ValidAudience)
                : null;

        public bool Is(Against other) =>
            ReferenceEquals(Key, other.Key) && string.Equals(Issuer, other.Issuer, StringComparison.Ordinal) &&
            string.Equals(Audience, other.Audience, StringComparison.Ordinal);
    }
}
