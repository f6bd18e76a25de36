using System.Net;
using System.Text.Json.Nodes;
using PoaPlatform.Auth;

namespace PoaPlatform.Server.Tests;

/// <summary>Single sign-on against a real OpenID Connect provider: who the provider says signed in becomes a POA user
/// through the configured claims and groups; a person the mapping does not place waits until an admin assigns them.</summary>
public sealed class SingleSignOnTests : IAsyncLifetime
{
    private OidcProvider _provider = null!;
    private SsoServerFactory _server = null!;

    public async Task InitializeAsync()
    {
        _provider = await OidcProvider.StartAsync();
        _server = new SsoServerFactory(_provider.Authority);
        await _provider.RegisterClientAsync(_server.Address);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task AProviderUserWithMappedClaimsSignsInWithTheirMunicipalityDepartmentAndRole()
    {
        _provider.SignIn = new ProviderUser("e-101", "editora@zacatecas.gob.mx", "Editora de Tesorería",
            ("municipality", "zacatecas"), ("role", "editor"), ("department", "tesoreria"));

        var (browser, landed) = await SignInThroughProviderAsync();

        Assert.Equal("/", landed);
        var me = await MeAsync(browser);
        Assert.Equal(("editora@zacatecas.gob.mx", "editor", "zacatecas", "tesoreria", "oidc"),
            ((string?)me["user"]!["email"], (string?)me["user"]!["role"], (string?)me["user"]!["municipality"], (string?)me["user"]!["department"], (string?)me["user"]!["authMethod"]));
    }

    [Fact]
    public async Task AGroupOfTheProviderMapsToARole()
    {
        _provider.SignIn = new ProviderUser("p-7", "planeacion@zacatecas.gob.mx", "Planeación", ("groups", "POA-Planeacion"), ("groups", "Todos"));

        var (browser, _) = await SignInThroughProviderAsync();

        var me = await MeAsync(browser);
        Assert.Equal(("planner", "zacatecas"), ((string?)me["user"]!["role"], (string?)me["user"]!["municipality"]));
    }

    [Fact]
    public async Task AnUnknownPersonHasNoAccessUntilAnAdminAssignsARole()
    {
        _provider.SignIn = new ProviderUser("x-9", "nueva@zacatecas.gob.mx", "Persona nueva", ("municipality", "zacatecas"));

        var (first, landed) = await SignInThroughProviderAsync();

        Assert.Equal("/entrar?sso=pendiente", landed);
        Assert.False((bool)(await MeAsync(first))["signedIn"]!);
        var admin = _server.Client(PoaRoles.Admin, "");
        var pending = (await admin.DataAsync("{ users(municipality: \"zacatecas\") { id email role singleSignOn } }"))["users"]!.AsArray()
            .Single(u => (string?)u!["email"] == "nueva@zacatecas.gob.mx")!;
        Assert.Equal(("", true), ((string?)pending["role"], (bool)pending["singleSignOn"]!));
        await admin.DataAsync("mutation($input: UpdateUserInput!) { updateUser(input: $input) { role } }",
            new { input = new { id = (string?)pending["id"], role = "viewer" } });

        var (second, landedAgain) = await SignInThroughProviderAsync();

        Assert.Equal("/", landedAgain);
        Assert.Equal("viewer", (string?)(await MeAsync(second))["user"]!["role"]);
    }

    [Fact]
    public async Task AProviderIdentityTakesOverAnAccountWithItsEmailOnlyWhenTheProviderVouchesForTheEmail()
    {
        var email = $"existente.{Guid.NewGuid():N}@zacatecas.gob.mx";
        await _server.SuperAdmin().DataAsync("mutation($input: CreateUserInput!) { createUser(input: $input) { oneTimePassword } }",
            new { input = new { email, municipality = "zacatecas", role = "planner" } });

        _provider.SignIn = new ProviderUser("intruso-1", email, "Sin verificar");
        var (unverified, landed) = await SignInThroughProviderAsync();
        Assert.Equal("/entrar?sso=pendiente", landed);
        Assert.False((bool)(await MeAsync(unverified))["signedIn"]!);

        _provider.SignIn = new ProviderUser("duena-1", email, "Verificada", ("email_verified", "true"));
        var (verified, landedVerified) = await SignInThroughProviderAsync();
        Assert.Equal("/", landedVerified);
        Assert.Equal((email, "planner"), ((string?)(await MeAsync(verified))["user"]!["email"], (string?)(await MeAsync(verified))["user"]!["role"]));

        // Linked now: another identity of the provider with the same, even verified, e-mail gets nothing.
        _provider.SignIn = new ProviderUser("otra-1", email, "Otra", ("email_verified", "true"));
        var (other, landedOther) = await SignInThroughProviderAsync();
        Assert.Equal("/entrar?sso=pendiente", landedOther);
        Assert.False((bool)(await MeAsync(other))["signedIn"]!);
    }

    /// <summary>What a browser does: /auth/oidc, the provider, the callback; cookies kept, redirects followed by hand
    /// (they cross two origins). Returns the client and where the POA server sent it in the end.</summary>
    private async Task<(HttpClient Browser, string Landed)> SignInThroughProviderAsync()
    {
        var cookies = new CookieContainer();
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = _server.Address };
        var next = new Uri(_server.Address, "/auth/oidc?returnUrl=/");
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await browser.GetAsync(next);
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
                throw new Xunit.Sdk.XunitException($"{next} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var location = response.Headers.Location!;
            next = location.IsAbsoluteUri ? location : new Uri(next, location);
            if (next.Authority == _server.Address.Authority && !next.AbsolutePath.StartsWith("/auth/", StringComparison.Ordinal))
                return (browser, next.PathAndQuery);
        }
        throw new Xunit.Sdk.XunitException("Too many redirects.");
    }

    private static async Task<JsonNode> MeAsync(HttpClient browser) => JsonNode.Parse(await browser.GetStringAsync("/auth/me"))!;

    /// <summary>A host with single sign-on against the test's provider.</summary>
    private sealed class SsoServerFactory(Uri authority) : PoaServerFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Auth:Oidc:Authority"] = authority.ToString();
            settings["Auth:Oidc:ClientId"] = OidcProvider.ClientId;
            settings["Auth:Oidc:ClientSecret"] = OidcProvider.ClientSecret;
            settings["Auth:Oidc:AllowHttp"] = "true";
            settings["Auth:Oidc:Groups:POA-Planeacion"] = "zacatecas:planner";
            return settings;
        }
    }
}
