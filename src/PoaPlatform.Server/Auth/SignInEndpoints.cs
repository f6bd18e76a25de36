using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using PoaPlatform.Auth;
using PoaPlatform.Auth.Accounts;
using PoaPlatform.Persistence.Accounts;

namespace PoaPlatform.Server.Auth;

/// <summary>Signing in and out of the pages: <c>POST /auth/signin</c> (email and password, rate-limited per client
/// address), <c>POST /auth/signout</c>, <c>GET /auth/me</c> (who is signed in and the anti-forgery token the page sends
/// with its writes), <c>POST /auth/password</c>, and <c>GET /auth/oidc</c> for the city's single sign-on.</summary>
public static class SignInEndpoints
{
    public sealed record SignInRequest(string? Email, string? Password);

    public sealed record PasswordRequest(string? CurrentPassword, string? NewPassword);

    public static void MapSignInEndpoints(this WebApplication app)
    {
        app.MapPost("/auth/signin", SignInAsync).RequireRateLimiting(AuthExtensions.SignInRateLimit).DisableAntiforgery();
        app.MapPost("/auth/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        }).DisableAntiforgery();
        app.MapGet("/auth/me", Me);
        app.MapPost("/auth/password", ChangePasswordAsync).DisableAntiforgery();
        app.MapGet("/auth/oidc", (IOptions<AuthOptions> options, string? returnUrl) =>
            options.Value.Oidc.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrl(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme])
                : Results.NotFound(new { code = "NOT_FOUND", message = "Este servidor no tiene inicio de sesión único (Auth:Oidc)." }));
    }

    private static async Task<IResult> SignInAsync(HttpContext http, SignInRequest? request, AccountService accounts, SignInMetrics metrics,
        IOptions<AuthOptions> options, TimeProvider clock)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "";
        var result = await accounts.SignInAsync(request?.Email ?? "", request?.Password ?? "", address, http.RequestAborted);
        if (!result.Succeeded)
        {
            metrics.Attempt(result.FailureCode switch
            {
                AccountCodes.LockedOut => "locked_out",
                AccountCodes.NoAccess => "no_access",
                _ => "invalid",
            });
            return result.FailureCode switch
            {
                AccountCodes.LockedOut => Results.Json(new
                {
                    code = result.FailureCode,
                    until = result.LockedUntil,
                    message = $"La cuenta está bloqueada por intentos fallidos hasta las {result.LockedUntil!.Value.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture)}.",
                }, statusCode: StatusCodes.Status423Locked),
                AccountCodes.NoAccess => Results.Json(new
                {
                    code = result.FailureCode,
                    message = "Tu cuenta no está activa o aún no tiene un rol: pide a un administrador de tu municipio que la habilite.",
                }, statusCode: StatusCodes.Status403Forbidden),
                _ => Results.Json(new { code = result.FailureCode, message = "El correo o la contraseña no son correctos." }, statusCode: StatusCodes.Status401Unauthorized),
            };
        }
        metrics.Attempt("ok");
        await SignInCookieAsync(http, result.User!, AuthMethods.Password, options.Value, clock);
        return Results.Ok(Describe(result.User!, AuthMethods.Password));
    }

    private static IResult Me(HttpContext http, IAntiforgery antiforgery, IOptions<AuthOptions> options)
    {
        var user = PoaUser.From(http.User);
        // The token is bound to who is signed in: the page asks again after signing in or out.
        var csrf = antiforgery.GetAndStoreTokens(http).RequestToken;
        return Results.Ok(new
        {
            signedIn = user is not null,
            user = user is null ? null : new
            {
                id = user.Id,
                name = http.User.FindFirstValue(PoaClaims.Name),
                email = http.User.FindFirstValue(PoaClaims.Email),
                user.Municipality,
                department = user.Department.Length == 0 ? null : user.Department,
                user.Role,
                user.MustChangePassword,
                authMethod = user.AuthMethod,
            },
            csrfToken = csrf,
            singleSignOn = options.Value.Oidc.Enabled,
            publicRead = options.Value.PublicRead,
        });
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext http, PasswordRequest? request, AccountService accounts, SessionValidator sessions,
        IOptions<AuthOptions> options, TimeProvider clock)
    {
        if (PoaUser.From(http.User) is not { } user || user.AuthMethod is not (AuthMethods.Password or AuthMethods.SingleSignOn))
            return Results.Json(new { code = PoaAuthorization.Unauthenticated, message = "Entra con tu correo y contraseña para cambiarla." }, statusCode: StatusCodes.Status401Unauthorized);
        try
        {
            var changed = await accounts.ChangePasswordAsync(user.Id, request?.CurrentPassword ?? "", request?.NewPassword ?? "", http.RequestAborted);
            sessions.Changed();
            await SignInCookieAsync(http, changed, user.AuthMethod, options.Value, clock);
            return Results.Ok(Describe(changed, user.AuthMethod));
        }
        catch (AccountException e)
        {
            return Results.Json(new { code = e.Code, field = e.Field, message = Spanish(e) }, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>The session cookie of an account: its claims, and an end after Auth:SessionLifetime.</summary>
    internal static async Task SignInCookieAsync(HttpContext http, UserAccount account, string method, AuthOptions options, TimeProvider clock)
    {
        var principal = PoaUser.Principal(account, method, CookieAuthenticationDefaults.AuthenticationScheme);
        var ends = clock.GetUtcNow() + options.SessionLifetime;
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("exp", ends.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,
            new AuthenticationProperties { IsPersistent = false, ExpiresUtc = ends, AllowRefresh = false });
    }

    private static object Describe(UserAccount user, string method) => new
    {
        id = user.Id,
        name = user.DisplayName,
        email = user.Email,
        user.Municipality,
        user.Department,
        user.Role,
        mustChangePassword = user.MustChangePassword && method == AuthMethods.Password,
    };

    private static string LocalUrl(string? url) => url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/";

    /// <summary>What the pages show for a refused password change.</summary>
    private static string Spanish(AccountException e) => (e.Code, e.Field) switch
    {
        (AccountCodes.InvalidCredentials, _) => "La contraseña actual no es correcta.",
        (_, "newPassword") when e.Message.Contains("at least", StringComparison.Ordinal) => $"La contraseña nueva necesita al menos {AccountService.MinPasswordLength} caracteres.",
        (_, "newPassword") when e.Message.Contains("different", StringComparison.Ordinal) => "Elige una contraseña distinta de la actual.",
        (_, "newPassword") when e.Message.Contains("email", StringComparison.Ordinal) => "La contraseña no puede ser tu correo.",
        _ => e.Message,
    };
}
