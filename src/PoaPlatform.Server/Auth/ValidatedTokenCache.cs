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
        if (token is not null && _known.TryGetValue(token, out var known) && now < known.Until && known.Answers(validationParameters))
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
        if (result.IsValid && token is not null && result.SecurityToken is JsonWebToken jwt && validationParameters.IssuerSigningKey is { } key &&
            validationParameters.IssuerSigningKeys is null && validationParameters.ValidIssuers is null && validationParameters.ValidAudiences is null)
        {
            var until = new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc));
            if (until > now + LongestKept)
                until = now + LongestKept;
            if (until > now)
            {
                MakeRoom(now);
                // The copy kept is never handed out: each request clones it (a handler may add claims to its own).
                _known[token] = new Known(until, key, validationParameters.ValidIssuer, validationParameters.ValidAudience, jwt,
                    result.ClaimsIdentity.Clone(), result.Issuer, result.TokenType);
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

    /// <summary>A validated token, and what it was validated against.</summary>
    private sealed record Known(DateTimeOffset Until, SecurityKey SigningKey, string? ValidIssuer, string? ValidAudience,
        JsonWebToken Token, ClaimsIdentity Identity, string Issuer, string TokenType)
    {
        /// <summary>The same key, issuer and audience would validate it again (the token's own lifetime is in <see cref="Until"/>).</summary>
        public bool Answers(TokenValidationParameters parameters) =>
            ReferenceEquals(SigningKey, parameters.IssuerSigningKey) && parameters.IssuerSigningKeys is null &&
            string.Equals(ValidIssuer, parameters.ValidIssuer, StringComparison.Ordinal) && parameters.ValidIssuers is null &&
            string.Equals(ValidAudience, parameters.ValidAudience, StringComparison.Ordinal) && parameters.ValidAudiences is null;
    }
}
