using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using PoaPlatform.Auth;
using PoaPlatform.Server.Auth;

namespace PoaPlatform.Server.Tests;

/// <summary>The development tokens' handler answers a token it validated from memory, and only that token, under that
/// key, while it is valid.</summary>
public sealed class ValidatedTokenCacheTests
{
    private readonly SymmetricSecurityKey _key = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private TokenValidationParameters Parameters(SecurityKey? key = null) => new()
    {
        ValidIssuer = PoaClaims.Issuer,
        ValidAudience = PoaClaims.Audience,
        IssuerSigningKey = key ?? _key,
        NameClaimType = PoaClaims.Name,
        RoleClaimType = PoaClaims.Role,
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    private string Token(TimeSpan lifetime) =>
        new TokenIssuer(_key).Issue("ana", "zacatecas", "tesoreria", PoaRoles.Editor, lifetime);

    [Fact]
    public async Task A_token_is_validated_once_and_each_request_gets_its_own_identity()
    {
        var cache = new ValidatedTokenCache(TimeProvider.System);
        var token = Token(TimeSpan.FromHours(1));

        var first = await cache.ValidateTokenAsync(token, Parameters());
        var second = await cache.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, cache.Count);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal(Claims(first.ClaimsIdentity), Claims(second.ClaimsIdentity));
        Assert.Equal("ana", second.ClaimsIdentity.Name);
        Assert.Equal(first.SecurityToken.ValidTo, second.SecurityToken.ValidTo);
        // What one request adds to its identity, the next does not see.
        second.ClaimsIdentity.AddClaim(new Claim(PoaClaims.Role, PoaRoles.Admin));
        var third = await cache.ValidateTokenAsync(token, Parameters());
        Assert.Equal(Claims(first.ClaimsIdentity), Claims(third.ClaimsIdentity));
        Assert.DoesNotContain(third.ClaimsIdentity.FindAll(PoaClaims.Role), c => c.Value == PoaRoles.Admin);
    }

    [Fact]
    public async Task A_token_past_its_expiry_is_refused_though_it_was_known()
    {
        var cache = new ValidatedTokenCache(TimeProvider.System);
        // Issued an hour ago, it expires in three seconds (a token's expiry is in whole seconds).
        var expires = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3);
        var token = new TokenIssuer(_key, new FixedClock(expires - TimeSpan.FromHours(1)))
            .Issue("ana", "zacatecas", "tesoreria", PoaRoles.Editor, TimeSpan.FromHours(1));
        var parameters = Parameters();
        parameters.ClockSkew = TimeSpan.Zero;
        Assert.True((await cache.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.True((await cache.ValidateTokenAsync(token, parameters)).IsValid);

        var past = expires + TimeSpan.FromMilliseconds(500) - DateTimeOffset.UtcNow;
        await Task.Delay(past > TimeSpan.Zero ? past : TimeSpan.Zero);
        var late = await cache.ValidateTokenAsync(token, parameters);

        Assert.False(late.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(late.Exception);
    }

    [Fact]
    public async Task Parameters_that_expect_another_audience_or_issuer_are_not_answered_from_memory()
    {
        var cache = new ValidatedTokenCache(TimeProvider.System);
        var token = Token(TimeSpan.FromHours(1));
        Assert.True((await cache.ValidateTokenAsync(token, Parameters())).IsValid);

        var audience = Parameters();
        audience.ValidAudience = "another-api";
        var issuer = Parameters();
        issuer.ValidIssuer = "another-issuer";

        Assert.IsType<SecurityTokenInvalidAudienceException>((await cache.ValidateTokenAsync(token, audience)).Exception, exactMatch: false);
        Assert.IsType<SecurityTokenInvalidIssuerException>((await cache.ValidateTokenAsync(token, issuer)).Exception, exactMatch: false);
        Assert.True((await cache.ValidateTokenAsync(token, Parameters())).IsValid);
    }

    [Fact]
    public async Task Another_signing_key_is_never_answered_from_what_the_first_validated()
    {
        var cache = new ValidatedTokenCache(TimeProvider.System);
        var token = Token(TimeSpan.FromHours(1));
        Assert.True((await cache.ValidateTokenAsync(token, Parameters())).IsValid);

        var other = new SymmetricSecurityKey(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());
        var refused = await cache.ValidateTokenAsync(token, Parameters(other));

        Assert.False(refused.IsValid);
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(refused.Exception, exactMatch: false);
    }

    [Fact]
    public async Task A_tampered_token_is_refused_after_the_genuine_one_was_kept()
    {
        var cache = new ValidatedTokenCache(TimeProvider.System);
        var token = Token(TimeSpan.FromHours(1));
        Assert.True((await cache.ValidateTokenAsync(token, Parameters())).IsValid);

        // The same header and signature over a payload that says "admin".
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace(PoaRoles.Editor, PoaRoles.Admin, StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        var refused = await cache.ValidateTokenAsync(forged, Parameters());

        Assert.False(refused.IsValid);
        Assert.Equal(1, cache.Count);
        Assert.False((await cache.ValidateTokenAsync("not a token", Parameters())).IsValid);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task No_more_tokens_are_held_than_the_capacity_and_a_forgotten_one_is_validated_again()
    {
        var cache = new ValidatedTokenCache(TimeProvider.System);
        var issuer = new TokenIssuer(_key);
        var first = issuer.Issue("usuario-0", "zacatecas", "tesoreria", PoaRoles.Editor, TimeSpan.FromHours(1));
        Assert.True((await cache.ValidateTokenAsync(first, Parameters())).IsValid);

        for (var i = 1; i <= ValidatedTokenCache.Capacity; i++)
        {
            var token = issuer.Issue($"usuario-{i}", "zacatecas", "tesoreria", PoaRoles.Editor, TimeSpan.FromHours(1));
            Assert.True((await cache.ValidateTokenAsync(token, Parameters())).IsValid);
            Assert.InRange(cache.Count, 1, ValidatedTokenCache.Capacity);
        }

        // The first was let go when the cache was full; it still validates, and is known again.
        var again = await cache.ValidateTokenAsync(first, Parameters());
        Assert.True(again.IsValid);
        Assert.Equal("usuario-0", again.ClaimsIdentity.Name);
        Assert.InRange(cache.Count, 2, ValidatedTokenCache.Capacity);
    }

    private static string[] Claims(ClaimsIdentity identity) =>
        [.. identity.Claims.Select(c => $"{c.Type}={c.Value}").Order(StringComparer.Ordinal)];

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
