using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using PoaPlatform.Auth;
using PoaPlatform.Auth.Accounts;
using PoaPlatform.Persistence;
using PoaPlatform.Persistence.Accounts;
using PoaPlatform.Server.Hosting;

namespace PoaPlatform.Server.Auth;

public static class AuthExtensions
{
    /// <summary>Which scheme authenticates a request: a Bearer API token, a Bearer development token, or the cookie.</summary>
    public const string Scheme = "poa";

    public const string SignInRateLimit = "sign-in";

    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    /// <summary>People sign in with a password (or the city's single sign-on) into a cookie; integrations send a
    /// personal API token as Bearer; development tokens of <c>poa token</c> are JWTs. One authorization for all.</summary>
    public static WebApplicationBuilder AddPoaAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>()
            .BindSettings(AuthOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
                options.DataDirectory = configuration["Storage:DataDirectory"] is { Length: > 0 } directory ? directory : options.DataDirectory)
            .Check(o => !o.Oidc.Enabled || (!string.IsNullOrWhiteSpace(o.Oidc.ClientId) && !string.IsNullOrWhiteSpace(o.Oidc.ClientSecret)) ? null
                : $"Auth:Oidc:ClientId and Auth:Oidc:ClientSecret are required while Auth:Oidc:Authority={o.Oidc.Authority} is set.");
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();

        services.AddSingleton(sp =>
        {
            var auth = sp.GetRequiredService<IOptions<AuthOptions>>().Value;
            return string.IsNullOrWhiteSpace(auth.SigningKey)
                ? DevelopmentSigningKey.LoadOrCreate(auth.DataDirectory)
                : DevelopmentSigningKey.FromBase64(auth.SigningKey);
        });
        services.AddSingleton(sp => new AccountService(sp.GetRequiredService<StorageTarget>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new MunicipalityStore(sp.GetRequiredService<StorageTarget>()));
        services.AddSingleton<PoaDirectory>();
        services.AddHostedService(sp => sp.GetRequiredService<PoaDirectory>());
        services.AddSingleton<PoaAuthorization>();
        services.AddSingleton<SessionValidator>();
        services.AddSingleton<SignInMetrics>();
        services.AddSingleton<ValidatedTokenCache>();

        // The key ring lives in the database: every replica reads the cookies and anti-forgery tokens of the others.
        services.AddDataProtection().SetApplicationName("PoaPlatform");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, sp) =>
            keys.XmlRepository = new DatabaseXmlRepository(new KeyRingStore(sp.GetRequiredService<StorageTarget>()), sp.GetRequiredService<TimeProvider>()));
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = AntiforgeryHeader;
            antiforgery.Cookie.Name = "poa.antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        var authentication = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie, API token or development token", policy => policy.ForwardDefaultSelector = context =>
                ApiTokenAuthenticationHandler.BearerToken(context.Request) is { } bearer
                    ? ApiTokenText.LooksLikeToken(bearer) ? ApiTokenAuthenticationHandler.SchemeName : JwtBearerDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
            {
                cookie.Cookie.Name = "poa.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = options.SessionLifetime;
                cookie.SlidingExpiration = false;
                cookie.LoginPath = "/entrar";
                // An API answers 401/403, it does not redirect to a page.
                cookie.Events.OnRedirectToLogin = context => Status(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Status(context, StatusCodes.Status403Forbidden);
                cookie.Events.OnValidatePrincipal = ValidateSessionAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, _ => { })
            .AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SymmetricSecurityKey, ValidatedTokenCache>((jwt, key, tokens) =>
            {
                // A client sends the same token with each request: it is validated once (ValidatedTokenCache, which
                // keeps the token's claim names: sub, role, municipality, department, not the WS-* URIs).
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(tokens);
                // Nothing reads the token back from the authentication properties.
                jwt.SaveToken = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = PoaClaims.Issuer,
                    ValidAudience = PoaClaims.Audience,
                    IssuerSigningKey = key,
                    NameClaimType = PoaClaims.Name,
                    RoleClaimType = PoaClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                jwt.Events = new JwtBearerEvents
                {
                    // Tokens from before municipalities had a claim act nowhere: refuse them outright.
                    OnTokenValidated = context =>
                    {
                        var principal = context.Principal!;
                        if (principal.FindFirstValue(PoaClaims.Role) != PoaRoles.SuperAdmin && string.IsNullOrEmpty(principal.FindFirstValue(PoaClaims.Municipality)))
                            context.Fail("The token names no municipality; issue a new one with poa token --municipality.");
                        return Task.CompletedTask;
                    },
                };
            });
        if (options.Oidc.Enabled)
            authentication.AddPoaSingleSignOn(options.Oidc);

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.SignInAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<SignInMetrics>().Attempt("rate_limited");
                await context.HttpContext.Response.WriteAsJsonAsync(new
                {
                    code = "TOO_MANY_ATTEMPTS",
                    message = "Demasiados intentos desde esta dirección; espera un minuto y vuelve a intentarlo.",
                }, cancellationToken);
            };
        });
        services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (options.AllowedOrigins.Length > 0)
                policy.WithOrigins(options.AllowedOrigins).AllowAnyHeader().WithMethods("GET", "POST").AllowCredentials();
        }));
        return builder;
    }

    /// <summary>Security headers, CORS, authentication, the anti-forgery check of cookie-authenticated writes, the
    /// rate limiter, and the sign-in endpoints.</summary>
    public static WebApplication UsePoaAuth(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseCors();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.Use(RequireAntiforgeryForCookieWritesAsync);
        app.MapSignInEndpoints();
        return app;
    }

    /// <summary>A page's write (cookie-authenticated POST) must carry the anti-forgery token of its session, so a
    /// cross-site form or fetch cannot write through /graphql. Bearer requests carry no cookie and need none.</summary>
    private static async Task RequireAntiforgeryForCookieWritesAsync(HttpContext http, RequestDelegate next)
    {
        if (HttpMethods.IsPost(http.Request.Method) && !http.Request.Path.StartsWithSegments("/auth/signin") &&
            http.User.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
        {
            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.Response.WriteAsJsonAsync(new
                {
                    errors = new[]
                    {
                        new { message = $"A signed-in page sends the {AntiforgeryHeader} header it got from /auth/me with every write.", extensions = new { code = "ANTIFORGERY" } },
                    },
                });
                return;
            }
        }
        await next(http);
    }

    /// <summary>A session ends when its account is disabled or its security stamp changed (new password, role,
    /// department); checked at most every SessionCheckInterval per session.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var interval = services.GetRequiredService<IOptions<AuthOptions>>().Value.SessionCheckInterval;
        if (!await services.GetRequiredService<SessionValidator>().IsValidAsync(context.Principal!, interval, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
