using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PoaPlatform.Auth;
using PoaPlatform.Auth.Accounts;

namespace PoaPlatform.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer poa_…</c> with a personal API token: the request acts as the
/// token's user, with that user's permissions. A revoked or expired token, or a disabled account, is refused at once
/// (the token is looked up on every request, never cached).</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountService accounts, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { } text || !ApiTokenText.LooksLikeToken(text))
            return AuthenticateResult.NoResult();
        if (await accounts.ValidateTokenAsync(text, Context.RequestAborted) is not { } found)
            return AuthenticateResult.Fail("The API token is not valid (unknown, revoked or expired, or its account is disabled).");
        // Last use is kept to the minute: a busy integration does not write on every request.
        if (found.Token.LastUsedAt is not { } last || clock.GetUtcNow() - last > TimeSpan.FromMinutes(1))
            await accounts.Tokens.TouchAsync(found.Token.Id, clock.GetUtcNow(), Context.RequestAborted);
        var principal = PoaUser.Principal(found.User, AuthMethods.ApiToken, SchemeName, found.Token.Id);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }
}
