using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PoaPlatform.Auth;
using PoaPlatform.Testing;

namespace PoaPlatform.Browser.Tests;

/// <summary>The real server (child process on free ports, its own data directory) with the seed imported, and Debian's
/// Chromium driven by Playwright. One per test run: each test works on its own action, so they do not disturb each other.</summary>
public sealed class PoaSite : IAsyncLifetime
{
    public const int Year = 2021;
    public const string Department = "secretaria-particular";

    /// <summary>Debian's Chromium; never a downloaded browser build. POA_CHROMIUM names another one.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("POA_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static readonly CultureInfo Mexico = CultureInfo.GetCultureInfo("es-MX");

    private readonly TemporaryDirectory _folder = new("poa-browser-");
    private ServerProcess? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The server's data directory, created by the server when it starts and deleted with the site.</summary>
    private string DataDirectory => _folder.File("data");

    public Uri BaseAddress => _server!.BaseAddress;

    public IBrowser Browser => _browser!;

    public string ServerOutput => _server?.Output ?? "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}: apt-get install chromium (.ci/run does), or set POA_CHROMIUM.");
        // As the embedded default starts: zacatecas and its 2021 opened, the seed imported, the first admin created.
        _server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Storage:DataDirectory"] = DataDirectory,
            ["Seed:Enabled"] = "true",
            ["Live:ConnectionInitTimeout"] = "00:00:01",
            ["Auth:SessionCheckInterval"] = "00:00:00.500",
            ["Auth:SignInAttemptsPerMinute"] = "1000",
        });
        var totals = await GraphQLAsync("{ poa(year: 2021) { totals { actions } } }");
        Assert.True(totals["poa"]!["totals"]!["actions"]!.GetValue<int>() > 0, "The seed imported no action.");
        // The seed's months closed in 2021: the planning unit opens them, so pages report progress (see TestCalendar).
        await GraphQLAsync("""
            mutation($input: SetCalendarInput!) { setCalendar(input: $input) { version } }
            """, new { input = new { year = Year, cutOffs = TestCalendar.OpenCutOffs().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(), expectedVersion = 0 } },
            Token(PoaRoles.Planner, ""));

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>A development token signed with the server's key, as `poa token` issues it.</summary>
    public string Token(string role, string department, string user = "navegador", string municipality = "zacatecas") =>
        new TokenIssuer(DevelopmentSigningKey.LoadOrCreate(DataDirectory))
            .Issue(user, role == PoaRoles.SuperAdmin ? "" : municipality, department, role, TimeSpan.FromHours(1));

    /// <summary>A municipality added by an operator, with its years opened.</summary>
    public async Task CreateMunicipalityAsync(string slug, params int[] years)
    {
        await GraphQLAsync("""
            mutation($input: CreateMunicipalityInput!) { createMunicipality(input: $input) { slug } }
            """, new { input = new { slug, name = $"Municipio {slug}", state = "Zacatecas", inegiCode = "32999" } }, Token(PoaRoles.SuperAdmin, ""));
        foreach (var year in years)
            await GraphQLAsync("mutation($m: String!, $y: Int!) { openYear(municipality: $m, year: $y) { slug } }", new { m = slug, y = year }, Token(PoaRoles.SuperAdmin, ""));
    }

    /// <summary>A person with an account of their own (created by an operator, first password already changed).</summary>
    public async Task<SiteUser> UserAsync(string role, string department = "", string municipality = "zacatecas")
    {
        var email = $"{role}.{Guid.NewGuid():N}@prueba.gob.mx";
        var created = await GraphQLAsync("""
            mutation($input: CreateUserInput!) { createUser(input: $input) { oneTimePassword } }
            """, new { input = new { email, displayName = $"{role} de prueba", municipality, department = department.Length == 0 ? null : department, role } },
            Token(PoaRoles.SuperAdmin, ""));
        var password = $"Contraseña-{Guid.NewGuid():N}";
        using var browserless = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = BaseAddress };
        await PostJsonAsync(browserless, "/auth/signin", new { email, password = created["createUser"]!["oneTimePassword"]!.GetValue<string>() }, null);
        var csrf = JsonNode.Parse(await browserless.GetStringAsync("/auth/me"))!["csrfToken"]!.GetValue<string>();
        await PostJsonAsync(browserless, "/auth/password", new { currentPassword = created["createUser"]!["oneTimePassword"]!.GetValue<string>(), newPassword = password }, csrf);
        return new SiteUser(email, password);
    }

    private static async Task PostJsonAsync(HttpClient http, string path, object body, string? csrf)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
        if (csrf is not null)
            request.Headers.Add("X-CSRF-TOKEN", csrf);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A fresh browser profile (its own cookies and storage), signed in as <paramref name="user"/> if given.</summary>
    public async Task<IPage> OpenAsync(string path, SiteUser? user = null, string municipality = "zacatecas")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "es-MX",
            TimezoneId = "America/Mexico_City",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        if (user is not null)
        {
            // The same endpoint the sign-in page posts to: the session cookie lands in this browser profile.
            var signIn = await context.APIRequest.PostAsync("/auth/signin", new APIRequestContextOptions { DataObject = new { email = user.Email, password = user.Password } });
            Assert.True(signIn.Ok, $"Signing in {user.Email}: HTTP {signIn.Status} {await signIn.TextAsync()}");
        }
        // A visitor who chose Zacatecas in the header's selector (other tests add municipalities of their own).
        await context.AddInitScriptAsync($"if (!localStorage.getItem('poa.municipality')) localStorage.setItem('poa.municipality', '{municipality}');");
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>Saves a full-page screenshot as {name}.png in the test output, or in docs/screenshots for the README
    /// when <c>UPDATE_SCREENSHOTS=1</c> (a page carries the time, so every run would otherwise change the docs).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryPaths.Root, "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }

    /// <summary>The data of a GraphQL request over HTTP that must succeed.</summary>
    public async Task<JsonNode> GraphQLAsync(string query, object? variables = null, string? token = null)
    {
        var result = await SendAsync(query, variables, token);
        Assert.True(result["errors"] is null, $"Unexpected errors: {result["errors"]}");
        return result["data"]!;
    }

    public async Task<JsonNode> SendAsync(string query, object? variables = null, string? token = null)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var body = JsonSerializer.Serialize(new { query, variables });
        using var response = await http.PostAsync(new Uri("/graphql", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The version and first activity of one action of the seed's department.</summary>
    public async Task<(long Version, int ActivityId, JsonArray Targets)> ActionAsync(int number)
    {
        // One action by its number: a page of actions with their activities would be charged for 100 activities each.
        var data = await GraphQLAsync("""
            query($year: Int!, $slug: String!, $number: Int!) { poa(year: $year) { department(slug: $slug) {
              action(number: $number) { number version activities { id monthlyTargets } } } } }
            """, new { year = Year, slug = Department, number });
        var action = data["poa"]!["department"]!["action"]!;
        var activity = action["activities"]![0]!;
        return (action["version"]!.GetValue<long>(), activity["id"]!.GetValue<int>(), activity["monthlyTargets"]!.AsArray());
    }

    /// <summary>Reports progress as another client would (over HTTP, not through a page).</summary>
    public Task<JsonNode> ReportProgressAsync(int number, long expectedVersion, int activityId, int month, decimal achieved, decimal exercised) =>
        GraphQLAsync("""
            mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }
            """, new
        {
            input = new { year = Year, department = Department, number, expectedVersion, activityId, month, achieved, exercised, note = "Avance del mes" },
        }, Token("editor", Department, "otra-oficina"));

    /// <summary>The one-time password the server logged for its first admin, once, on the first start.</summary>
    public string BootstrapPassword()
    {
        var match = System.Text.RegularExpressions.Regex.Match(ServerOutput, @"contraseña de un solo uso (?<password>[a-z0-9-]{19})");
        Assert.True(match.Success, $"The server did not log the first admin's password:\n{ServerOutput}");
        return match.Groups["password"].Value;
    }

    /// <summary>$7,458,446.61: what the pages show for an amount.</summary>
    public static string Money(decimal value) => "$" + value.ToString("N2", Mexico);
}

/// <summary>An account's email and password.</summary>
public sealed record SiteUser(string Email, string Password);

[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<PoaSite>
{
    public const string Name = "site";
}
