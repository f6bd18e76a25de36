using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace PoaPlatform.Server.GraphQL.WebSockets;

/// <summary>The user of a socket: the one of its HTTP upgrade request, or the token its connection_init payload
/// carries (<c>{"Authorization": "Bearer ..."}</c>), validated as the HTTP endpoint validates Bearer tokens.</summary>
internal static class WebSocketAuthentication
{
    /// <summary>The user, or null when the payload carries a token that does not validate.</summary>
    public static async Task<ClaimsPrincipal?> AuthenticateAsync(HttpContext http, JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object || ReadToken(payload) is not { } token)
            return http.User;
        var jwt = http.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var validated = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, jwt.TokenValidationParameters);
        return validated.IsValid ? new ClaimsPrincipal(validated.ClaimsIdentity) : null;
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
