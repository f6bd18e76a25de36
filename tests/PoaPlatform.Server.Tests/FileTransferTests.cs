using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PoaPlatform.Auth;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Domain.Model;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>POST /import (files, as importPoa) and GET /export (what the pages show, as files) on the real host.</summary>
[Collection(ServerCollection.Name)]
public sealed class FileTransferTests(PoaServerFactory server)
{
    private const string ImportQuery = """
        mutation($m: String!, $doc: String!, $dry: Boolean!) { importPoa(municipality: $m, document: $doc, dryRun: $dry) {
          year dryRun importedActions totals { investment actions activities declaredBeneficiaries { men women total } }
          departments { name slug actions investment }
          findings { code severity message parameters { name value } line sheet column actionNumber expected actual department }
          poa { key } } }
        """;

    private static byte[] SeedWorkbook(bool flat = false)
    {
        using var stream = new MemoryStream();
        var seed = PoaReader.Read(Samples.SeedText);
        if (flat)
            PoaXlsx.WriteFlat(seed, stream);
        else
            PoaXlsx.Write(seed, stream);
        return stream.ToArray();
    }

    private static MultipartFormDataContent Form(byte[] file, string name)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".xlsx", StringComparison.Ordinal) ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/plain");
        form.Add(part, "file", name);
        return form;
    }

    private async Task<(HttpStatusCode Status, string Body, string? ContentType)> UploadAsync(string? token, byte[] file, string name, string query, bool progress = false)
    {
        using var http = server.CreateClient();
        http.Timeout = TimeSpan.FromMinutes(2);
        if (token is not null)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (progress)
            http.DefaultRequestHeaders.Accept.ParseAdd("application/x-ndjson");
        using var response = await http.PostAsync(new Uri("/import?" + query, UriKind.Relative), Form(file, name));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ADryRunUploadOfTheSeedWorkbookAnswersWhatImportPoaAnswersForItsText()
    {
        var poa = await TestPoa.CreateAsync(server);
        var token = server.Token(PoaRoles.Planner, "planeacion", poa.Municipality);
        var (status, body, _) = await UploadAsync(token, SeedWorkbook(), "poa-2021.xlsx", $"municipality={poa.Municipality}&dryRun=true");
        Assert.Equal(HttpStatusCode.OK, status);
        var uploaded = JsonNode.Parse(body)!["data"]!["importPoa"]!;
        var graphql = (await server.Client(token).DataAsync(ImportQuery, new { m = poa.Municipality, doc = Samples.SeedText, dry = true }))["importPoa"]!;

        foreach (var field in new[] { "year", "dryRun", "importedActions", "totals", "departments" })
            Assert.Equal(graphql[field]!.ToJsonString(), uploaded[field]!.ToJsonString());
        // One name per concept: the POA after the import is "poa" in both answers (null on a dry run).
        Assert.True(graphql.AsObject().ContainsKey("poa") && uploaded.AsObject().ContainsKey("poa"), body);
        Assert.Equal(graphql["findings"]!.AsArray().Count, uploaded["findings"]!.AsArray().Count);
        var finding = Assert.Single(uploaded["findings"]!.AsArray(), f => (string?)f!["severity"] != "INFO")!;
        var expected = Assert.Single(graphql["findings"]!.AsArray(), f => (string?)f!["severity"] != "INFO")!;
        foreach (var field in new[] { "code", "severity", "message", "parameters", "actionNumber", "department" })
            Assert.Equal(expected[field]!.ToJsonString(), finding[field]!.ToJsonString());
        Assert.Equal(((decimal)expected["expected"]!, (decimal)expected["actual"]!), ((decimal)finding["expected"]!, (decimal)finding["actual"]!));
        Assert.Equal(("Acción 4", 8, 7), ((string?)finding["sheet"], (int)finding["line"]!, (int)finding["column"]!));
        Assert.Null(uploaded["poa"]);
        var city = await server.Client().DataAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { totals { actions } } }""");
        Assert.Equal(0, (int)city["poa"]!["totals"]!["actions"]!);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnUploadRefusesWhatImportPoaRefusesWithTheSameErrors(bool dryRun)
    {
        var good = new PoaAction(1, "Bacheo", ["Eje"], "Meta", "", "", "", new Beneficiaries(1, 1), 100m, [new BudgetItem("6141")], []);
        var document = PoaWriter.Write(new PoaDocument(2021,
        [
            new Department("Obras Públicas", [good, good with { Number = 2, Investment = Domain.Rules.PoaRules.MaxMoney + 1 }]),
            new Department(new string('D', 300), [good]),
        ], []));
        // Each into a city of its own: a saved import changes the city the other would be compared in.
        var (uploadedPoa, graphqlPoa) = (await TestPoa.CreateAsync(server), await TestPoa.CreateAsync(server));

        var (status, body, _) = await UploadAsync(server.Token(PoaRoles.Planner, "planeacion", uploadedPoa.Municipality), Encoding.UTF8.GetBytes(document), "ciudad.txt",
            $"municipality={uploadedPoa.Municipality}&dryRun={(dryRun ? "true" : "false")}");
        var graphql = await server.Client(server.Token(PoaRoles.Planner, "planeacion", graphqlPoa.Municipality))
            .SendAsync(ImportQuery, new { m = graphqlPoa.Municipality, doc = document, dry = dryRun });

        Assert.Equal(HttpStatusCode.OK, status);
        var uploaded = JsonNode.Parse(body)!;
        Assert.Equal(dryRun ? 0 : 1, (int)uploaded["data"]!["importPoa"]!["importedActions"]!);
        static IEnumerable<string> Described(JsonNode answer, string municipality) => answer["errors"]!.AsArray().Select(e =>
        {
            var extensions = e!["extensions"]!;
            return string.Join(" | ", (string?)e["message"], (string?)extensions["code"], (string?)extensions["field"], (string?)extensions["department"],
                extensions["actionNumber"]?.ToJsonString(), ((string?)extensions["action"])?.Replace(municipality, "<m>", StringComparison.Ordinal));
        }).Order(StringComparer.Ordinal);
        var expected = Described(graphql, graphqlPoa.Municipality).ToList();
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected, Described(uploaded, uploadedPoa.Municipality));
        Assert.Contains(expected, e => e.Contains("VALIDATION | investment | Obras Públicas | 2 | <m>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUploadSavesTheCityReportingProgressPerDepartment()
    {
        var poa = await TestPoa.CreateAsync(server);
        // Three departments in one text larger than the GraphQL request limit of this host (64 KiB).
        var text = string.Join("\n", Enumerable.Range(1, 3).Select(d => Samples.SeedText.Replace("Secretaría Particular", $"Secretaría Particular {d}", StringComparison.Ordinal)));
        text += new string('\n', 70 * 1024);
        var (status, body, type) = await UploadAsync(server.Token(PoaRoles.Admin, "", poa.Municipality), Encoding.UTF8.GetBytes(text), "ciudad.txt", $"municipality={poa.Municipality}", progress: true);
        Assert.Equal((HttpStatusCode.OK, "application/x-ndjson"), (status, type));
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        var progress = lines.Where(l => l["progress"] is not null).Select(l => l["progress"]!).ToList();
        Assert.Equal(["read", "saved", "saved", "saved"], progress.Select(p => (string)p["stage"]!));
        Assert.Equal([0, 1, 2, 3], progress.Select(p => (int)p["departmentsDone"]!));
        var payload = lines[^1]["data"]!["importPoa"]!;
        Assert.Equal(27, (int)payload["importedActions"]!);
        Assert.Equal((poa.Key, 3 * 7_458_446.61m), ((string?)payload["poa"]!["key"], (decimal)payload["poa"]!["totals"]!["investment"]!));
        Assert.False(payload.AsObject().ContainsKey("city"));
        var city = await server.Client().DataAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { totals { actions investment } } }""");
        Assert.Equal(27, (int)city["poa"]!["totals"]!["actions"]!);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, "UNAUTHENTICATED")]
    [InlineData(PoaRoles.Viewer, HttpStatusCode.Forbidden, "FORBIDDEN")]
    [InlineData(PoaRoles.Editor, HttpStatusCode.Forbidden, "FORBIDDEN")]
    public async Task UploadingNeedsWhatImportPoaNeeds(string? role, HttpStatusCode status, string code)
    {
        var token = role is null ? null : server.Token(role, "secretaria-particular");
        var (answer, body, _) = await UploadAsync(token, SeedWorkbook(), "poa.xlsx", "dryRun=true");
        Assert.Equal(status, answer);
        Assert.Equal(code, (string?)JsonNode.Parse(body)!["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task ADamagedWorkbookIsABadPoaFormatErrorNamingTheProblem()
    {
        var token = server.Token(PoaRoles.Planner, "");
        var bytes = SeedWorkbook();
        foreach (var (file, name) in new[] { (bytes[..(bytes.Length / 2)], "poa.xlsx"), (Encoding.UTF8.GetBytes(Samples.SeedText), "poa.xlsx"), (bytes, "poa.txt") })
        {
            var (status, body, _) = await UploadAsync(token, file, name, "dryRun=true");
            if (name == "poa.txt")
            {
                // The content decides: a workbook named .txt is read as the workbook it is.
                Assert.Equal(HttpStatusCode.OK, status);
                continue;
            }
            Assert.Equal(HttpStatusCode.BadRequest, status);
            var error = JsonNode.Parse(body)!["errors"]![0]!;
            Assert.Equal("BAD_POA_FORMAT", (string?)error["extensions"]!["code"]);
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AFormatErrorInAnUploadNamesItsLineColumnAndValue()
    {
        var text = Samples.SeedText.Replace("\t4,400\t350\t", "\t4,400\tcuatrocientos\t", StringComparison.Ordinal);
        var (status, body, _) = await UploadAsync(server.Token(PoaRoles.Planner, ""), Encoding.UTF8.GetBytes(text), "poa.tsv", "dryRun=true");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var extensions = JsonNode.Parse(body)!["errors"]![0]!["extensions"]!;
        Assert.Equal(("BAD_POA_FORMAT", 17, 7, "cuatrocientos"), ((string?)extensions["code"], (int)extensions["line"]!, (int)extensions["column"]!, (string?)extensions["value"]));
    }

    [Fact]
    public async Task FindingsComeInSpanishWhenAskedThroughGraphQLOrTheUpload()
    {
        var data = await server.Client(PoaRoles.Planner, "").DataAsync("""
            mutation($doc: String!) { importPoa(document: $doc, dryRun: true) { findings { code es: message(language: ES) en: message } } }
            """, new { doc = Samples.SeedText });
        var finding = data["importPoa"]!["findings"]!.AsArray().First(f => (string?)f!["code"] == "ACTION_INVESTMENT_MISMATCH")!;
        Assert.StartsWith("La acción 4 «Comunicación institucional» declara", (string?)finding["es"], StringComparison.Ordinal);
        Assert.StartsWith("Action 4 \"Comunicación institucional\" declares", (string?)finding["en"], StringComparison.Ordinal);
        var (_, body, _) = await UploadAsync(server.Token(PoaRoles.Planner, ""), SeedWorkbook(flat: true), "poa.xlsx", "dryRun=true&language=es");
        Assert.Contains(JsonNode.Parse(body)!["data"]!["importPoa"]!["findings"]!.AsArray(),
            f => ((string?)f!["message"])!.StartsWith("La acción 4 «Comunicación institucional» declara", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EachPageDownloadsWhatItShowsAsAWorkbookCsvAndJson()
    {
        var poa = await TestPoa.CreateAsync(server);
        var admin = server.Client(PoaRoles.Admin, "", poa.Municipality);
        await admin.DataAsync("mutation($m: String!, $doc: String!) { importPoa(municipality: $m, document: $doc) { importedActions } }",
            new { m = poa.Municipality, doc = Samples.SeedText });
        var action = (await admin.DataAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "secretaria-particular") { action(number: 3) { version } } } }"""))
            ["poa"]!["department"]!["action"]!;
        var report = await admin.SendAsync("mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }", new
        {
            input = new { municipality = poa.Municipality, year = 2021, department = "secretaria-particular", number = 3, expectedVersion = (long)action["version"]!, activityId = 2, month = 5, achieved = 12, spent = 3456.78m, note = "Informe de mayo" },
        });
        Assert.Null(report["errors"]);
        using var http = server.CreateClient();

        async Task<(HttpResponseMessage Response, byte[] Body)> Get(string path)
        {
            var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            return (response, await response.Content.ReadAsByteArrayAsync());
        }

        var (cityResponse, city) = await Get($"/export/{poa.Municipality}/2021?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, cityResponse.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", cityResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"poa-2021-{poa.Municipality}.xlsx", cityResponse.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var read = PoaReader.ReadWithSource(new MemoryStream(city), "city.xlsx").Document;
        Assert.Equal(PoaReader.Read(Samples.SeedText).Totals, read.Totals);

        var (_, department) = await Get($"/export/{poa.Municipality}/2021/secretaria-particular?format=xlsx-flat");
        var flat = PoaReader.ReadWithSource(new MemoryStream(department), "d.xlsx");
        Assert.Equal(9, flat.Document.Departments[0].Actions.Count);
        var progress = Assert.Single(flat.Progress);
        Assert.Equal(new ReportedProgress("Secretaría Particular", 3, 2, 5, 12, 3456.78m, "Informe de mayo"), progress);

        var (actionResponse, one) = await Get($"/export/{poa.Municipality}/2021/secretaria-particular/3?format=csv");
        Assert.Equal("text/csv", actionResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, one[..3]);
        Assert.Equal(1 + 4, Encoding.UTF8.GetString(one).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        var (_, json) = await Get($"/export/{poa.Municipality}/2021/secretaria-particular/3?format=json&language=es");
        var document = JsonNode.Parse(json)!;
        Assert.Equal(3, (int)document["departments"]![0]!["actions"]![0]!["number"]!);
        Assert.Equal(12, (int)document["progress"]![0]!["achieved"]!);

        var (missing, body) = await Get($"/export/{poa.Municipality}/2021/secretaria-particular/99?format=json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("NOT_FOUND", (string?)JsonNode.Parse(body)!["errors"]![0]!["extensions"]!["code"]);
        var (unknown, _) = await Get($"/export/{poa.Municipality}/2021?format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }
}

/// <summary>Limits and reading rules that need a host configured otherwise.</summary>
public sealed class FileTransferLimitTests : IClassFixture<SmallUploadServerFactory>
{
    private readonly SmallUploadServerFactory _server;

    public FileTransferLimitTests(SmallUploadServerFactory server) => _server = server;

    [Fact]
    public async Task AFileOverTheConfiguredSizeIsRefusedWith413()
    {
        using var http = _server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _server.Token(PoaRoles.Admin, ""));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Samples.SeedText + new string('\n', 40_000))), "file", "poa.txt" } };
        using var response = await http.PostAsync(new Uri("/import?dryRun=true", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Import:MaxUploadBytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadsNeedATokenWhenReadingIsNotPublic()
    {
        using var http = _server.CreateClient();
        using var response = await http.GetAsync(new Uri("/export/zacatecas/2021?format=csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("UNAUTHENTICATED", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>A host whose uploads are limited to 32 KiB and whose reads need a token.</summary>
public sealed class SmallUploadServerFactory : PoaServerFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Import:MaxUploadBytes"] = (32 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Auth:PublicRead"] = "false";
        return settings;
    }
}
