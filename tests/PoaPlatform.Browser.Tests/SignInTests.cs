using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PoaPlatform.Testing;
using static Microsoft.Playwright.Assertions;

namespace PoaPlatform.Browser.Tests;

/// <summary>People sign in on the pages: the first admin, users an admin creates, lockouts, what a role may see, and
/// API tokens for integrations.</summary>
[Collection(SiteCollection.Name)]
public sealed class SignInTests(PoaSite site)
{
    [Fact]
    public async Task TheFirstAdminSignsInWithThePasswordFromTheLogAndMustChooseANewOne()
    {
        var page = await site.OpenAsync("/entrar");
        await page.GetByTestId("signin-email").FillAsync("admin@poa.local");
        await page.GetByTestId("signin-password").FillAsync(site.BootstrapPassword());
        await page.GetByTestId("signin-submit").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/cambiar-contrasena"));
        await Expect(page.GetByTestId("password-required")).ToBeVisibleAsync();
        await page.GetByTestId("password-current").FillAsync(site.BootstrapPassword());
        await page.GetByTestId("password-new").FillAsync("Administración-2021!");
        await page.GetByTestId("password-again").FillAsync("Administración-2021!");
        await page.GetByTestId("password-submit").ClickAsync();

        await Expect(page.GetByTestId("user-role")).ToHaveTextAsync("administración");
        await Expect(page.GetByTestId("nav-admin")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("total-investment")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnAdminCreatesAUserWhoSignsInAndMustChangeThePassword()
    {
        var admin = await site.OpenAsync("/administracion", await site.UserAsync("admin"));
        var email = $"capturista.{Guid.NewGuid():N}@zacatecas.gob.mx";
        await admin.GetByTestId("new-user-email").FillAsync(email);
        await admin.GetByTestId("new-user-name").FillAsync("Capturista de Comunicación");
        await admin.GetByTestId("new-user-role").SelectOptionAsync("editor");
        await admin.GetByTestId("new-user-department").FillAsync(PoaSite.Department);
        await admin.GetByTestId("user-create-submit").ClickAsync();
        var password = await admin.GetByTestId("admin-password-value").TextContentAsync();
        await Expect(admin.Locator($"[data-testid=users] tr[data-user='{email}']")).ToHaveCountAsync(1);
        await PoaSite.ScreenshotAsync(admin, "administracion");

        var user = await site.OpenAsync("/entrar");
        await user.GetByTestId("signin-email").FillAsync(email);
        await user.GetByTestId("signin-password").FillAsync(password!);
        await user.GetByTestId("signin-submit").ClickAsync();
        await Expect(user).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/cambiar-contrasena"));
        await user.GetByTestId("password-current").FillAsync(password!);
        await user.GetByTestId("password-new").FillAsync("Nueva-contraseña-1");
        await user.GetByTestId("password-again").FillAsync("Nueva-contraseña-1");
        await user.GetByTestId("password-submit").ClickAsync();
        await Expect(user.GetByTestId("user-name")).ToHaveTextAsync("Capturista de Comunicación");
        await Expect(user.GetByTestId("user-role")).ToHaveTextAsync($"captura · {PoaSite.Department}");
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountEvenForTheRightOne()
    {
        var account = await site.UserAsync("viewer");
        var page = await site.OpenAsync("/entrar");
        for (var i = 1; i <= 5; i++)
        {
            await page.GetByTestId("signin-email").FillAsync(account.Email);
            await page.GetByTestId("signin-password").FillAsync($"incorrecta-{i}");
            await page.GetByTestId("signin-submit").ClickAsync();
            await Expect(page.GetByTestId("signin-status")).ToContainTextAsync(i < 5 ? "no son correctos" : "bloqueada");
        }

        await page.GetByTestId("signin-email").FillAsync(account.Email);
        await page.GetByTestId("signin-password").FillAsync(account.Password);
        await page.GetByTestId("signin-submit").ClickAsync();

        await Expect(page.GetByTestId("signin-status")).ToContainTextAsync("bloqueada");
        await Expect(page.GetByTestId("signin-link")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnEditorSeesFormsInItsDepartmentOnlyAndAForgedWriteToAnotherIsForbidden()
    {
        var editor = await site.UserAsync("editor", "otra-secretaria");
        var page = await site.OpenAsync($"/poa/{PoaSite.Year}/{PoaSite.Department}/2", editor);

        await Expect(page.GetByTestId("read-only")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("progress-form")).ToHaveCountAsync(0);
        var (version, activityId, _) = await site.ActionAsync(2);
        // What a crafted request of this signed-in page would get: the server decides, not the page.
        var answer = await page.EvaluateAsync<string>("""
            async ([version, activityId]) => {
              const me = await (await fetch('/auth/me')).json();
              const response = await fetch('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': me.csrfToken },
                body: JSON.stringify({ query: `mutation { reportProgress(input: { year: 2021, department: "secretaria-particular", number: 2,
                  expectedVersion: ${version}, activityId: ${activityId}, month: 11, achieved: 1, exercised: 0 }) { version } }` }) });
              return await response.text();
            }
            """, new object[] { version, activityId });
        Assert.Equal("FORBIDDEN", (string?)JsonNode.Parse(answer)!["errors"]![0]!["extensions"]!["code"]);

        var own = await site.UserAsync("editor", PoaSite.Department);
        var ownPage = await site.OpenAsync($"/poa/{PoaSite.Year}/{PoaSite.Department}/2", own);
        await Expect(ownPage.GetByTestId("progress-form")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AWriteFromAnotherSiteWithTheVisitorsCookieIsRefused()
    {
        var page = await site.OpenAsync($"/poa/{PoaSite.Year}", await site.UserAsync("admin"));
        var cookies = await page.Context.CookiesAsync();
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        // A cross-site form posts the cookie but cannot read the anti-forgery token of the page.
        var session = cookies.Single(c => c.Name == "poa.session");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"mutation { openYear(municipality: \"zacatecas\", year: 2031) { slug } }"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", $"{session.Name}={session.Value}");
        request.Headers.Add("Origin", "https://otro-sitio.example");

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("ANTIFORGERY", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var years = await site.GraphQLAsync("{ municipalities { slug years } }");
        Assert.DoesNotContain(2031, years["municipalities"]!.AsArray().Single(m => (string?)m!["slug"] == "zacatecas")!["years"]!.AsArray().Select(y => y!.GetValue<int>()));
    }

    [Fact]
    public async Task ARevokedApiTokenStopsWorkingAtOnceAlsoOnAnOpenSocket()
    {
        var page = await site.OpenAsync("/cuenta", await site.UserAsync("editor", PoaSite.Department));
        await page.GetByTestId("token-name").FillAsync("Integración de tesorería");
        await page.GetByTestId("token-create-submit").ClickAsync();
        var secret = (await page.GetByTestId("token-secret-value").TextContentAsync())!;
        Assert.StartsWith("poa_", secret, StringComparison.Ordinal);
        await PoaSite.ScreenshotAsync(page, "cuenta");

        var me = await MeAsync(secret);
        Assert.Equal("editor", (string?)me["role"]);
        using var socket = await GraphQLWebSocketClient.ConnectAsync(site.BaseAddress);
        await socket.InitAsync(secret);

        await page.Locator("[data-testid=tokens] button[data-revoke]").ClickAsync();
        await Expect(page.Locator("[data-testid=tokens] tbody")).ToContainTextAsync("revocado");

        Assert.Equal(4403, await socket.ClosedWithAsync());
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var answer = JsonNode.Parse(await (await http.PostAsync("/graphql", new StringContent("""{"query":"{ me { role } }"}""", Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!;
        Assert.Null(answer["data"]!["me"]);
    }

    private async Task<JsonNode> MeAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.PostAsync("/graphql", new StringContent("""{"query":"{ me { role municipality department } }"}""", Encoding.UTF8, "application/json"));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["me"]!;
    }
}
