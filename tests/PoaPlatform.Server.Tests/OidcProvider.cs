using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Microsoft.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PoaPlatform.Server.Tests;

/// <summary>A real OpenID Connect provider (OpenIddict's server) on a loopback port, standing in for a city's identity
/// provider: authorization code flow with PKCE, a confidential client, and an id_token with the claims of whoever
/// <see cref="SignIn"/> names (there is no login form: the person "at the provider" is chosen by the test).</summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "poa-platform";
    public const string ClientSecret = "secreto-del-cliente-de-prueba";

    private readonly WebApplication _app;

    private OidcProvider(WebApplication app) => _app = app;

    public Uri Authority { get; private set; } = null!;

    /// <summary>Who is signed in at the provider when the next authorization request arrives.</summary>
    public ProviderUser SignIn { get; set; } = new("nadie", "nadie@example.org", "Nadie");

    public static async Task<OidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var database = "oidc-" + Guid.NewGuid().ToString("N");
        builder.Services.AddDbContext<DbContext>(db =>
        {
            db.UseInMemoryDatabase(database);
            db.UseOpenIddict();
        });
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<DbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
                server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                server.DisableAccessTokenEncryption();
                server.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        var app = builder.Build();
        var provider = new OidcProvider(app);
        app.MapMethods("/connect/authorize", ["GET", "POST"], (HttpContext http) => provider.Authorize(http));
        await app.StartAsync();
        provider.Authority = new Uri(app.Urls.First());
        return provider;
    }

    /// <summary>Registers the POA server as a client, with its callback address.</summary>
    public async Task RegisterClientAsync(Uri poaServer)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { new Uri(poaServer, "/auth/oidc/callback") },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code, Permissions.Scopes.Email, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    private IResult Authorize(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var person = SignIn;
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, person.Subject));
        identity.AddClaim(new Claim(Claims.Email, person.Email));
        identity.AddClaim(new Claim(Claims.Name, person.Name));
        foreach (var (type, value) in person.Extra)
            identity.AddClaim(new Claim(type, value));
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes());
        principal.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>A person at the provider, with the extra claims the provider sends (municipality, role, groups, ...).</summary>
public sealed record ProviderUser(string Subject, string Email, string Name, params (string Type, string Value)[] Extra);
