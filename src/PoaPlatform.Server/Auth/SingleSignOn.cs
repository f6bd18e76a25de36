using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using PoaPlatform.Auth;
using PoaPlatform.Auth.Accounts;

namespace PoaPlatform.Server.Auth;

/// <summary>Optional single sign-on with the city's OpenID Connect provider (authorization code with PKCE). The
/// provider says who signed in; our accounts say what they may do. A configured mapping turns the provider's claims
/// or groups into municipality, department and role; a person it does not map waits for an admin.</summary>
public static class SingleSignOn
{
    public const string CallbackPath = "/auth/oidc/callback";

    public static AuthenticationBuilder AddPoaSingleSignOn(this AuthenticationBuilder authentication, OidcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return authentication.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, "Inicio de sesión único", oidc =>
        {
            oidc.Authority = options.Authority;
            oidc.ClientId = options.ClientId;
            oidc.ClientSecret = options.ClientSecret;
            oidc.RequireHttpsMetadata = !options.AllowHttp;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            // The code comes back in the query (PKCE protects it); form_post would need a page of ours to relay it.
            oidc.ResponseMode = OpenIdConnectResponseMode.Query;
            // The provider sends the browser back with a top-level GET, which carries Lax cookies; over http (a provider
            // on a development machine) they cannot be Secure.
            foreach (var cookie in new[] { oidc.CorrelationCookie, oidc.NonceCookie })
            {
                cookie.SameSite = SameSiteMode.Lax;
                cookie.SecurePolicy = options.AllowHttp ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            }
            oidc.UsePkce = true;
            oidc.CallbackPath = CallbackPath;
            oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            oidc.MapInboundClaims = false;
            oidc.GetClaimsFromUserInfoEndpoint = true;
            oidc.SaveTokens = false;
            oidc.Scope.Clear();
            foreach (var scope in (string[])["openid", "profile", "email"])
                oidc.Scope.Add(scope);
            oidc.Events.OnTicketReceived = OnTicketReceivedAsync;
            oidc.Events.OnRemoteFailure = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleSignOn))
                    .LogWarning(context.Failure, "Single sign-on with {Authority} failed.", options.Authority);
                context.HandleResponse();
                context.Response.Redirect("/entrar?sso=error");
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>Replaces the provider's identity by the session of our account, or refuses it.</summary>
    private static async Task OnTicketReceivedAsync(TicketReceivedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var claims = context.Principal!;
        var identity = Map(claims, options.Oidc);
        SignInResult result;
        try
        {
            result = await services.GetRequiredService<AccountService>().SignInExternalAsync(identity,
                context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "", context.HttpContext.RequestAborted);
        }
        catch (AccountException)
        {
            result = new SignInResult(null, AccountCodes.NoAccess);
        }
        services.GetRequiredService<SignInMetrics>().Attempt(result.Succeeded ? "ok" : "no_access");
        if (!result.Succeeded)
        {
            context.HandleResponse();
            context.Response.Redirect("/entrar?sso=pendiente");
            return;
        }
        var clock = services.GetRequiredService<TimeProvider>();
        var principal = PoaUser.Principal(result.User!, AuthMethods.SingleSignOn, CookieAuthenticationDefaults.AuthenticationScheme);
        var ends = clock.GetUtcNow() + options.SessionLifetime;
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("exp", ends.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        context.Principal = principal;
        context.Properties!.ExpiresUtc = ends;
        context.Properties.IsPersistent = false;
        context.Properties.AllowRefresh = false;
    }

    /// <summary>The provider's claims as an external identity: the configured claims first, then the first group that maps.</summary>
    public static ExternalIdentity Map(ClaimsPrincipal claims, OidcOptions options)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(options);
        var subject = $"{options.Authority?.TrimEnd('/')}|{claims.FindFirstValue("sub")}";
        var email = claims.FindFirstValue("email") ?? claims.FindFirstValue("preferred_username") ?? "";
        // A user name is not an e-mail the provider vouches for, whatever it looks like.
        var emailVerified = claims.FindFirstValue("email") is not null &&
            string.Equals(claims.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
        var name = claims.FindFirstValue("name") ?? email;
        string? municipality = claims.FindFirstValue(options.MunicipalityClaim);
        string? department = claims.FindFirstValue(options.DepartmentClaim);
        string? role = claims.FindFirstValue(options.RoleClaim);
        if (role is null)
        {
            foreach (var group in claims.FindAll(options.GroupsClaim).Select(c => c.Value))
            {
                if (!options.Groups.TryGetValue(group, out var meaning))
                    continue;
                var parts = meaning.Split(':');
                if (parts.Length < 2)
                    continue;
                (municipality, role, department) = (parts[0], parts[1], parts.Length > 2 ? parts[2] : null);
                break;
            }
        }
        return new ExternalIdentity(subject, email, name, municipality, department, role, emailVerified);
    }
}
