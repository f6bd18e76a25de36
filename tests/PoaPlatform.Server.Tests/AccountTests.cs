using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PoaPlatform.Auth;
using PoaPlatform.Auth.Accounts;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>Accounts over real HTTP: signing in and out, the rate limit, API tokens, the headers of every answer.</summary>
[Collection(ServerCollection.Name)]
public sealed class AccountTests(PoaServerFactory server)
{
    [Fact]
    public async Task AUserSignsInReadsWhoTheyAreAndSignsOut()
    {
        var (email, password) = await UserAsync(PoaRoles.Planner);
        using var browser = Browser();

        var signIn = await PostJsonAsync(browser, "/auth/signin", new { email, password });
        var me = JsonNode.Parse(await browser.GetStringAsync("/auth/me"))!;
        var signOut = await PostJsonAsync(browser, "/auth/signout", new { }, (string?)me["csrfToken"]);
        var after = JsonNode.Parse(await browser.GetStringAsync("/auth/me"))!;

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("poa.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((true, "planner", "zacatecas"), ((bool)me["signedIn"]!, (string?)me["user"]!["role"], (string?)me["user"]!["municipality"]));
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.False((bool)after["signedIn"]!);
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedWithoutSayingWhetherTheAccountExists()
    {
        var (email, _) = await UserAsync(PoaRoles.Viewer);
        using var browser = Browser();

        var wrong = await PostJsonAsync(browser, "/auth/signin", new { email, password = "no-es-esta" });
        var nobody = await PostJsonAsync(browser, "/auth/signin", new { email = "nadie@zacatecas.gob.mx", password = "no-es-esta" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(await wrong.Content.ReadAsStringAsync(), await nobody.Content.ReadAsStringAsync());
        Assert.Equal("INVALID_CREDENTIALS", (string?)JsonNode.Parse(await wrong.Content.ReadAsStringAsync())!["code"]);
        var events = await server.Client(PoaRoles.Admin, "").DataAsync("{ accountEvents(municipality: \"zacatecas\", first: 50) { email event detail } }");
        Assert.Contains(events["accountEvents"]!.AsArray(), e => (string?)e!["email"] == email && (string?)e["event"] == "signInFailed");
    }

    [Fact]
    public async Task SignInsFromOneAddressAreLimitedPerMinuteAndForwardedHeadersAreIgnoredWithoutATrustedProxy()
    {
        await using var strict = new RateLimitedServerFactory();
        var password = await OneTimePasswordAsync(strict, "ignorado@zacatecas.gob.mx");
        using var http = new HttpClient { BaseAddress = strict.Address };

        var signIn = await PostFromAsync(http, "/auth/signin", new { email = "ignorado@zacatecas.gob.mx", password }, forwardedFor: "203.0.113.1");
        var answers = new List<HttpStatusCode>();
        for (var i = 2; i <= 4; i++)
            answers.Add((await PostFromAsync(http, "/auth/signin", new { email = "alguien@zacatecas.gob.mx", password = "x" }, forwardedFor: $"203.0.113.{i}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.DoesNotContain("secure", SessionCookie(signIn), StringComparison.OrdinalIgnoreCase);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task BehindATrustedProxyTheCookieIsSecureAndTheRateLimitCountsTheForwardedClient()
    {
        await using var proxied = new ProxiedServerFactory();
        var password = await OneTimePasswordAsync(proxied, "proxy@zacatecas.gob.mx");
        using var http = new HttpClient { BaseAddress = proxied.Address };

        var signIn = await PostFromAsync(http, "/auth/signin", new { email = "proxy@zacatecas.gob.mx", password }, forwardedFor: "198.51.100.1");
        var wrong = new { email = "alguien@zacatecas.gob.mx", password = "x" };
        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            first.Add((await PostFromAsync(http, "/auth/signin", wrong, forwardedFor: "198.51.100.2")).StatusCode);
        var another = await PostFromAsync(http, "/auth/signin", wrong, forwardedFor: "198.51.100.3");

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("; secure", SessionCookie(signIn), StringComparison.OrdinalIgnoreCase);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.Unauthorized, another.StatusCode);
    }

    [Fact]
    public async Task AnApiTokenActsAsItsUserAndStopsAtOnceWhenRevoked()
    {
        var (email, password) = await UserAsync(PoaRoles.Editor, "tesoreria");
        using var browser = Browser();
        await PostJsonAsync(browser, "/auth/signin", new { email, password });
        var csrf = (string?)JsonNode.Parse(await browser.GetStringAsync("/auth/me"))!["csrfToken"];
        var created = JsonNode.Parse(await (await PostJsonAsync(browser, "/graphql",
            new { query = "mutation { createApiToken(name: \"Tesorería\", expiresInDays: 30) { secret token { id prefix expiresAt } } }" }, csrf)).Content.ReadAsStringAsync())!;
        var secret = (string)created["data"]!["createApiToken"]!["secret"]!;
        var id = (string)created["data"]!["createApiToken"]!["token"]!["id"]!;

        using var integration = new GraphQLClient(new HttpClient { BaseAddress = server.Address });
        integration.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var me = await integration.DataAsync("{ me { name role department authMethod } }");
        await PostJsonAsync(browser, "/graphql", new { query = $"mutation {{ revokeApiToken(id: \"{id}\") {{ revokedAt }} }}" }, csrf);
        var revoked = await integration.SendAsync("{ me { name } }");
        var refusedWrite = await integration.SendAsync("mutation { openYear(municipality: \"zacatecas\", year: 2040) { slug } }");

        Assert.Equal((email, "editor", "tesoreria", "api-token"), ((string?)me["me"]!["name"], (string?)me["me"]!["role"], (string?)me["me"]!["department"], (string?)me["me"]!["authMethod"]));
        Assert.StartsWith($"poa_{(string)created["data"]!["createApiToken"]!["token"]!["prefix"]!}_", secret, StringComparison.Ordinal);
        Assert.Null(revoked["data"]!["me"]);
        Assert.Equal("UNAUTHENTICATED", (string?)refusedWrite["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task ACookieWriteWithoutTheAntiforgeryTokenIsRefusedAndABearerWriteNeedsNone()
    {
        var (email, password) = await UserAsync(PoaRoles.Admin);
        using var browser = Browser();
        await PostJsonAsync(browser, "/auth/signin", new { email, password });

        var forged = await PostJsonAsync(browser, "/graphql", new { query = "mutation { openYear(municipality: \"zacatecas\", year: 2041) { slug } }" }, csrf: null);
        var bearer = await server.Client(PoaRoles.Admin, "").SendAsync("mutation { openYear(municipality: \"zacatecas\", year: 2042) { years } }");

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("ANTIFORGERY", (string?)JsonNode.Parse(await forged.Content.ReadAsStringAsync())!["errors"]![0]!["extensions"]!["code"]);
        Assert.Contains(2042, bearer["data"]!["openYear"]!["years"]!.AsArray().Select(y => (int)y!));
        Assert.DoesNotContain(2041, bearer["data"]!["openYear"]!["years"]!.AsArray().Select(y => (int)y!));
    }

    [Fact]
    public async Task EveryAnswerCarriesTheSecurityHeadersAndCorsStaysClosed()
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        request.Headers.Add("Origin", "https://otro-sitio.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");

        var page = await http.GetAsync("/graphql/schema.graphql");
        var preflight = await http.SendAsync(request);

        Assert.Equal(Auth.SecurityHeaders.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("unsafe-inline' 'unsafe-eval", Auth.SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", Auth.SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", Auth.SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AnAllowedOriginGetsCors()
    {
        await using var open = new CorsServerFactory();
        using var http = new HttpClient { BaseAddress = open.Address };
        using var request = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        request.Headers.Add("Origin", "https://tablero.zacatecas.gob.mx");
        request.Headers.Add("Access-Control-Request-Method", "POST");

        var preflight = await http.SendAsync(request);

        Assert.Equal("https://tablero.zacatecas.gob.mx", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task AnAdminManagesOnlyTheUsersOfItsMunicipality()
    {
        var other = await TestPoa.CreateAsync(server);
        var adminOfOther = other.Client(PoaRoles.Admin);

        var mine = await adminOfOther.DataAsync($$"""
            mutation { createUser(input: { email: "{{Guid.NewGuid():N}}@otro.gob.mx", municipality: "{{other.Municipality}}", role: "viewer" }) { user { id municipality } oneTimePassword } }
            """);
        var foreign = await adminOfOther.ErrorAsync("""mutation { createUser(input: { email: "x@zacatecas.gob.mx", municipality: "zacatecas", role: "viewer" }) { user { id } } }""");
        var listForeign = await adminOfOther.ErrorAsync("{ users(municipality: \"zacatecas\") { email } }");
        var zacatecasUser = (await UserAsync(PoaRoles.Viewer)).Email;
        var zacatecasId = (string?)(await server.Client(PoaRoles.Admin, "").DataAsync("{ users(municipality: \"zacatecas\") { id email } }"))["users"]!.AsArray()
            .Single(u => (string?)u!["email"] == zacatecasUser)!["id"];
        var resetForeign = await adminOfOther.ErrorAsync($$"""mutation { resetPassword(id: "{{zacatecasId}}") { oneTimePassword } }""");

        Assert.Equal(other.Municipality, (string?)mine["createUser"]!["user"]!["municipality"]);
        Assert.Equal(19, ((string)mine["createUser"]!["oneTimePassword"]!).Length);
        Assert.Equal("FORBIDDEN", (string?)foreign["extensions"]!["code"]);
        Assert.Equal("FORBIDDEN", (string?)listForeign["extensions"]!["code"]);
        Assert.Equal("NOT_FOUND", (string?)resetForeign["extensions"]!["code"]);
    }

    [Fact]
    public async Task AnApiTokenStopsWorkingWhenItExpiresAndItsOpenSocketIsClosed()
    {
        var (email, _) = await UserAsync(PoaRoles.Editor, "tesoreria");
        var accounts = server.Services.GetRequiredService<AccountService>();
        var user = (await accounts.Users.FindByEmailAsync(email))!;
        // The pages offer a day at least; the service takes any lifetime, so the test need not wait a day.
        var (_, secret) = await accounts.CreateTokenAsync(user, "Corta", TimeSpan.FromSeconds(3));
        using var integration = new GraphQLClient(new HttpClient { BaseAddress = server.Address });
        integration.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        var before = await integration.DataAsync("{ me { role } }");
        using var socket = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await socket.InitAsync(secret);
        var opened = System.Diagnostics.Stopwatch.StartNew();
        var closedWith = await socket.ClosedWithAsync();
        var openFor = opened.Elapsed;
        var after = await integration.SendAsync("{ me { role } }");
        var write = await integration.SendAsync("mutation { openYear(municipality: \"zacatecas\", year: 2043) { slug } }");

        Assert.Equal("editor", (string?)before["me"]!["role"]);
        Assert.Equal(4403, closedWith);
        Assert.True(openFor > TimeSpan.FromSeconds(1.5), $"The socket was closed after {openFor}, before its token expired.");
        Assert.Null(after["data"]!["me"]);
        Assert.Equal("UNAUTHENTICATED", (string?)write["errors"]![0]!["extensions"]!["code"]);
    }

    [Theory]
    [InlineData(PoaRoles.Viewer)]
    [InlineData(PoaRoles.Editor)]
    [InlineData(PoaRoles.Planner)]
    [InlineData(PoaRoles.Admin)]
    public async Task OnlyAnOperatorCreatesAMunicipality(string role)
    {
        var slug = "m" + Guid.NewGuid().ToString("N")[..10];
        const string Mutation = "mutation($input: CreateMunicipalityInput!) { createMunicipality(input: $input) { slug } }";
        var input = new { input = new { slug, name = "Municipio nuevo", state = "Zacatecas", inegiCode = "32998" } };

        var refused = await server.Client(role, role == PoaRoles.Editor ? "tesoreria" : "").ErrorAsync(Mutation, input);
        var listed = await server.Client().DataAsync("{ municipalities { slug } }");
        var byOperator = await server.SuperAdmin().DataAsync(Mutation, input);

        Assert.Equal("FORBIDDEN", (string?)refused["extensions"]!["code"]);
        Assert.DoesNotContain(listed["municipalities"]!.AsArray(), m => (string?)m!["slug"] == slug);
        Assert.Equal(slug, (string?)byOperator["createMunicipality"]!["slug"]);
    }

    [Theory]
    [InlineData(PoaRoles.Viewer, "", false)]
    [InlineData(PoaRoles.Editor, "tesoreria", false)]
    [InlineData(PoaRoles.Planner, "", true)]
    [InlineData(PoaRoles.Admin, "", true)]
    public async Task OnlyPlannersAndAdminsOpenAYear(string role, string department, bool allowed)
    {
        var poa = await TestPoa.CreateAsync(server);

        var answer = await poa.Client(role, department).SendAsync("mutation($m: String!) { openYear(municipality: $m, year: 2030) { years } }", new { m = poa.Municipality });
        var years = (await server.Client().DataAsync("{ municipalities { slug years } }"))["municipalities"]!.AsArray()
            .Single(m => (string?)m!["slug"] == poa.Municipality)!["years"]!.AsArray().Select(y => (int)y!);

        if (allowed)
        {
            Assert.True(answer["errors"] is null, $"{role} should open a year: {answer}");
            Assert.Contains(2030, years);
        }
        else
        {
            Assert.Equal("FORBIDDEN", (string?)answer["errors"]![0]!["extensions"]!["code"]);
            Assert.DoesNotContain(2030, years);
        }
    }

    [Fact]
    public async Task DisablingAUserEndsTheirSignedInSession()
    {
        var (email, password) = await UserAsync(PoaRoles.Planner);
        using var browser = Browser();
        await PostJsonAsync(browser, "/auth/signin", new { email, password });
        var me = JsonNode.Parse(await browser.GetStringAsync("/auth/me"))!;
        var admin = server.Client(PoaRoles.Admin, "");
        var id = (string?)(await admin.DataAsync("{ users(municipality: \"zacatecas\") { id email } }"))["users"]!.AsArray()
            .Single(u => (string?)u!["email"] == email)!["id"];

        await admin.DataAsync("mutation($input: UpdateUserInput!) { updateUser(input: $input) { active } }", new { input = new { id, active = false } });
        var after = JsonNode.Parse(await browser.GetStringAsync("/auth/me"))!;
        var write = await PostJsonAsync(browser, "/graphql", new { query = "mutation { openYear(municipality: \"zacatecas\", year: 2044) { slug } }" }, (string?)me["csrfToken"]);
        var again = await PostJsonAsync(browser, "/auth/signin", new { email, password });

        Assert.True((bool)me["signedIn"]!);
        Assert.False((bool)after["signedIn"]!);
        Assert.Equal("UNAUTHENTICATED", (string?)JsonNode.Parse(await write.Content.ReadAsStringAsync())!["errors"]![0]!["extensions"]!["code"]);
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Equal("NO_ACCESS", (string?)JsonNode.Parse(await again.Content.ReadAsStringAsync())!["code"]);
    }

    /// <summary>A user created by an operator, whose first password is changed already.</summary>
    private async Task<(string Email, string Password)> UserAsync(string role, string? department = null)
    {
        var email = $"{role}.{Guid.NewGuid():N}@zacatecas.gob.mx";
        var created = await server.SuperAdmin().DataAsync("mutation($input: CreateUserInput!) { createUser(input: $input) { oneTimePassword } }",
            new { input = new { email, municipality = "zacatecas", role, department } });
        var oneTime = (string)created["createUser"]!["oneTimePassword"]!;
        using var browser = Browser();
        await PostJsonAsync(browser, "/auth/signin", new { email, password = oneTime });
        var csrf = (string?)JsonNode.Parse(await browser.GetStringAsync("/auth/me"))!["csrfToken"];
        var password = $"Clave-{Guid.NewGuid():N}";
        var changed = await PostJsonAsync(browser, "/auth/password", new { currentPassword = oneTime, newPassword = password }, csrf);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        return (email, password);
    }

    /// <summary>The one-time password of a new viewer of zacatecas on the given host.</summary>
    private static async Task<string> OneTimePasswordAsync(PoaServerFactory host, string email)
    {
        var created = await host.SuperAdmin().DataAsync("mutation($input: CreateUserInput!) { createUser(input: $input) { oneTimePassword } }",
            new { input = new { email, municipality = "zacatecas", role = PoaRoles.Viewer } });
        return (string)created["createUser"]!["oneTimePassword"]!;
    }

    /// <summary>A request as an ingress forwards it: the client's address, and HTTPS as the client's scheme.</summary>
    private static async Task<HttpResponseMessage> PostFromAsync(HttpClient http, string path, object body, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return await http.SendAsync(request);
    }

    private static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("poa.session=", StringComparison.Ordinal));

    private HttpClient Browser() => new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = server.Address };

    private static async Task<HttpResponseMessage> PostJsonAsync(HttpClient http, string path, object body, string? csrf = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
        if (csrf is not null)
            request.Headers.Add("X-CSRF-TOKEN", csrf);
        return await http.SendAsync(request);
    }

    private sealed class RateLimitedServerFactory : PoaServerFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Auth:SignInAttemptsPerMinute"] = "3";
            return settings;
        }
    }

    /// <summary>A host behind an ingress on loopback, as the tests connect, with two sign-in attempts per minute.</summary>
    private sealed class ProxiedServerFactory : PoaServerFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Auth:SignInAttemptsPerMinute"] = "2";
            settings["Proxy:TrustedNetworks:0"] = "127.0.0.1";
            settings["Proxy:TrustedNetworks:1"] = "::1";
            return settings;
        }
    }

    private sealed class CorsServerFactory : PoaServerFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Auth:AllowedOrigins:0"] = "https://tablero.zacatecas.gob.mx";
            return settings;
        }
    }
}
