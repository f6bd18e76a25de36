using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using PoaPlatform.Auth;
using PoaPlatform.Auth.Accounts;
using PoaPlatform.Server.Auth;

namespace PoaPlatform.Server.GraphQL.WebSockets;

/// <summary>The user of a socket: the token its connection_init payload carries (<c>{"Authorization": "Bearer ..."}</c>:
/// an API token or a development token, validated as over HTTP), else the session cookie of the upgrade request when
/// the page that opened the socket is of this site (a cookie sent by another site's page is ignored: a cross-site
/// page must not act with the visitor's session).</summary>
internal static class WebSocketAuthentication
{
    /// <summary>The user (anonymous when none), or null when the payload carries a token that does not validate.</summary>
    public static async Task<ClaimsPrincipal?> AuthenticateAsync(HttpContext http, JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object || ReadToken(payload) is not { } token)
            return SameSiteCookieUser(http);
        if (ApiTokenText.LooksLikeToken(token))
        {
            return await http.RequestServices.GetRequiredService<AccountService>().ValidateTokenAsync(token, http.RequestAborted) is { } found
                ? PoaUser.Principal(found.User, AuthMethods.ApiToken, ApiTokenAuthenticationHandler.SchemeName, found.Token.Id)
                : null;
        }
        var jwt = http.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var validated = await http.RequestServices.GetRequiredService<ValidatedTokenCache>().ValidateTokenAsync(token, jwt.TokenValidationParameters);
        if (!validated.IsValid)
            return null;
        var principal = new ClaimsPrincipal(validated.ClaimsIdentity);
        var role = principal.FindFirstValue(PoaClaims.Role);
        return role != PoaRoles.SuperAdmin && string.IsNullOrEmpty(principal.FindFirstValue(PoaClaims.Municipality)) ? null : principal;
    }

    private static ClaimsPrincipal SameSiteCookieUser(HttpContext http)
    {
        if (http.User.Identity?.AuthenticationType != CookieAuthenticationDefaults.AuthenticationScheme)
            return http.User;
        var origin = http.Request.Headers.Origin.ToString();
        var allowed = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.AllowedOrigins;
        var sameSite = origin.Length == 0 || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) &&
            string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)) ||
            allowed.Contains(origin, StringComparer.OrdinalIgnoreCase);
        return sameSite ? http.User : new ClaimsPrincipal(new ClaimsIdentity());
    }

    private static string? ReadToken(JsonElement payload)
    {
        foreach (var name in (string[])["Authorization", "authorization", "token"])
        {
            if (payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                return text.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? text[7..].Trim() : text.Trim();
        }
        return null;
    }
}
