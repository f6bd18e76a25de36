using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NJsonSchema;
using PoaPlatform.Auth;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>The open data package at /datos/{municipality}/{year}: a Fiscal Data Package valid against the published
/// schemas (Schemas/), whose CSVs follow their Table Schemas and add up to what GraphQL answers.</summary>
[Collection(ServerCollection.Name)]
public sealed class OpenDataTests(PoaServerFactory server)
{
    private const string Moments = "approved modified committed accrued exercised paid";

    internal static async Task<TestPoa> FilledPoaAsync(PoaServerFactory server)
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync("obras-publicas", 1, 1000m, budgetItems: ["6141", "2161"], name: "=Bacheo, \"calles\"");
        await poa.CreateActionAsync("tesoreria", 2, 300m);
        var version = (long)action["version"]!;
        var editor = poa.Client(PoaRoles.Editor, "obras-publicas");
        foreach (var (activity, source) in new[] { (1, "fism-df"), (2, "recursos-propios") })
            version = Version(await editor.SendAsync("mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { version } }", new
            {
                input = new { municipality = poa.Municipality, year = TestPoa.Year, department = "obras-publicas", number = 1, expectedVersion = version, activityId = activity, fundingSource = source },
            }), "updateActivity");
        foreach (var (activity, month, achieved, pesos) in new[] { (1, 1, 8m, 100.20m), (1, 3, 12m, 50m), (2, 2, 5m, 75.5m) })
            version = Version(await editor.SendAsync("mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }", new
            {
                input = new { municipality = poa.Municipality, year = TestPoa.Year, department = "obras-publicas", number = 1, expectedVersion = version, activityId = activity, month, achieved,
                    approved = pesos * 4, modified = pesos * 3, committed = pesos * 2, accrued = pesos * 1.5m, exercised = pesos, paid = pesos / 2 },
            }), "reportProgress");
        return poa;
    }

    private static long Version(JsonNode answer, string mutation) =>
        answer["errors"] is null ? (long)answer["data"]![mutation]!["version"]! : throw new Xunit.Sdk.XunitException(answer.ToJsonString());

    [Fact]
    public async Task TheYearIsAZipOfAFiscalDataPackageValidAgainstThePublishedSchemasWhoseRowsAddUpToTheTotals()
    {
        var poa = await FilledPoaAsync(server);
        using var anonymous = server.CreateClient();

        using var zipAnswer = await anonymous.GetAsync(new Uri($"/datos/{poa.Municipality}/2021", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, zipAnswer.StatusCode);
        Assert.Equal("application/zip", zipAnswer.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"attachment; filename=\"poa-2021-{poa.Municipality}-datos.zip\"", zipAnswer.Content.Headers.ContentDisposition!.ToString());
        var entries = new Dictionary<string, byte[]>();
        using (var zip = new ZipArchive(new MemoryStream(await zipAnswer.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read))
        {
            foreach (var entry in zip.Entries)
            {
                using var content = new MemoryStream();
                await using (var stream = entry.Open())
                    await stream.CopyToAsync(content);
                entries[entry.FullName] = content.ToArray();
            }
        }
        Assert.Equal(["budget.csv", "datapackage.json", "progress.csv"], entries.Keys.Order(StringComparer.Ordinal));

        // The descriptor against the published Data Package and Fiscal Data Package schemas.
        var descriptorText = Encoding.UTF8.GetString(entries["datapackage.json"]);
        var descriptor = JsonNode.Parse(descriptorText)!;
        Assert.Equal("fiscal-data-package", (string?)descriptor["profile"]);
        Assert.Empty(await ProblemsAsync("data-package.json", descriptorText));
        // The published Tabular and Fiscal schemas accept only profile "tabular-data-package" (decision 0015): the
        // descriptor is checked against them with that one value put in its place, and against nothing weaker.
        var asTabular = descriptor.DeepClone();
        asTabular["profile"] = "tabular-data-package";
        Assert.Empty(await ProblemsAsync("tabular-data-package.json", asTabular.ToJsonString()));
        Assert.Empty(await ProblemsAsync("fiscal-data-package.json", asTabular.ToJsonString()));
        // ... and the schemas do catch a broken model: a measure without currency.
        var broken = asTabular.DeepClone();
        broken["model"]!["measures"]!["paid"]!.AsObject().Remove("currency");
        Assert.NotEmpty(await ProblemsAsync("fiscal-data-package.json", broken.ToJsonString()));
        Assert.Equal(("MXN", "expenditure", "executed"), ((string?)descriptor["model"]!["measures"]!["paid"]!["currency"],
            (string?)descriptor["model"]!["measures"]!["paid"]!["direction"], (string?)descriptor["model"]!["measures"]!["paid"]!["phase"]));
        Assert.Equal("adjusted", (string?)descriptor["model"]!["measures"]!["modified_investment"]!["phase"]);
        Assert.Equal("CC-BY-4.0", (string?)descriptor["licenses"]![0]!["name"]);

        // Each CSV against its Table Schema: the header is the fields, every cell has the field's type, required cells are there.
        var resources = descriptor["resources"]!.AsArray().ToDictionary(r => (string)r!["path"]!);
        var budget = Table(entries["budget.csv"], resources["budget.csv"]!);
        var progress = Table(entries["progress.csv"], resources["progress.csv"]!);

        Assert.Equal(4, budget.Count);
        Assert.Equal(4 * 12, progress.Count);
        var first = budget.Single(r => r["action_number"] == "1" && r["activity_id"] == "1");
        Assert.Equal(("'=Bacheo, \"calles\"", "6141, 2161", "2000, 6000", "fism-df", "500.00", "120"),
            (first["action_name"], first["budget_items"], first["chapters"], first["funding_source"], first["modified_investment"], first["modified_annual_target"]));
        var march = progress.Single(r => r["action_number"] == "1" && r["activity_id"] == "1" && r["month"] == "3");
        Assert.Equal(("2021-03-01", "10", "12", "200.00", "50.00", "25.00"), (march["period"], march["programmed"], march["achieved"], march["approved"], march["exercised"], march["paid"]));

        var read = (await poa.Admin.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) {
                totals { investment m1: moments(upToMonth: 1) { {{Moments}} } m2: moments(upToMonth: 2) { {{Moments}} } m12: moments(upToMonth: 12) { {{Moments}} } }
                bySource { source investment moments { exercised } } } }
            """))["poa"]!;
        Assert.Equal((decimal)read["totals"]!["investment"]!, budget.Sum(r => Number(r["modified_investment"])));
        foreach (var month in new[] { 1, 2, 12 })
            foreach (var moment in Moments.Split(' '))
                Assert.Equal((decimal)read["totals"]![$"m{month}"]![moment]!, progress.Where(r => int.Parse(r["month"], CultureInfo.InvariantCulture) <= month).Sum(r => Number(r[moment])));
        foreach (var source in read["bySource"]!.AsArray())
        {
            var key = (string)source!["source"]! == "sin-fuente" ? "" : (string)source["source"]!;
            Assert.Equal((decimal)source["investment"]!, budget.Where(r => r["funding_source"] == key).Sum(r => Number(r["modified_investment"])));
            Assert.Equal((decimal)source["moments"]!["exercised"]!, progress.Where(r => r["funding_source"] == key).Sum(r => Number(r["exercised"])));
        }

        // The parts are the zip's entries (the descriptor but for when it was made), and its relative paths lead to them.
        foreach (var part in new[] { "budget.csv", "progress.csv" })
        {
            using var answer = await anonymous.GetAsync(new Uri($"/datos/{poa.Municipality}/2021/{part}", UriKind.Relative));
            Assert.Equal("text/csv", answer.Content.Headers.ContentType!.MediaType);
            Assert.Equal(entries[part], await answer.Content.ReadAsByteArrayAsync());
        }
        var separate = JsonNode.Parse(await anonymous.GetStringAsync(new Uri($"/datos/{poa.Municipality}/2021/datapackage.json", UriKind.Relative)))!;
        separate["created"] = (string?)descriptor["created"];
        Assert.True(JsonNode.DeepEquals(descriptor, separate), separate.ToJsonString());

        using var unknown = await anonymous.GetAsync(new Uri($"/datos/{poa.Municipality}/2021/otra.csv", UriKind.Relative));
        using var noYear = await anonymous.GetAsync(new Uri($"/datos/{poa.Municipality}/2019", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noYear.StatusCode);
    }

    private static async Task<ICollection<NJsonSchema.Validation.ValidationError>> ProblemsAsync(string schemaFile, string json)
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "Schemas", schemaFile));
        return schema.Validate(json);
    }

    /// <summary>The rows of a CSV by field name, after checking its header and cells against the resource's Table Schema.</summary>
    private static List<Dictionary<string, string>> Table(byte[] bytes, JsonNode resource)
    {
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no BOM");
        var records = CsvRecords.Parse(Encoding.UTF8.GetString(bytes));
        var fields = resource["schema"]!["fields"]!.AsArray().Select(f => f!).ToList();
        Assert.Equal(fields.Select(f => (string)f["name"]!), records[0]);
        var rows = new List<Dictionary<string, string>>();
        foreach (var record in records.Skip(1))
        {
            Assert.Equal(fields.Count, record.Length);
            for (var i = 0; i < fields.Count; i++)
            {
                var (name, type, value) = ((string)fields[i]["name"]!, (string)fields[i]["type"]!, record[i]);
                if (value.Length == 0)
                {
                    Assert.True(fields[i]["constraints"]?["required"] is null, $"{name} is required");
                    continue;
                }
                var valid = type switch
                {
                    "integer" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
                    "number" => decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _),
                    "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                    "string" => true,
                    _ => false,
                };
                Assert.True(valid, $"{name} = \"{value}\" is not a {type}");
            }
            rows.Add(fields.Select((f, i) => ((string)f["name"]!, record[i])).ToDictionary());
        }
        return rows;
    }

    private static decimal Number(string value) => value.Length == 0 ? 0 : decimal.Parse(value, CultureInfo.InvariantCulture);
}

/// <summary>The open data package where reading needs a user (Auth:PublicRead=false).</summary>
public sealed class PrivateOpenDataTests(PrivateReadServerFactory server) : IClassFixture<PrivateReadServerFactory>
{
    [Fact]
    public async Task WithoutPublicReadTheOpenDataPackageRefusesAnonymousAndAnotherMunicipalityAndServesItsOwnViewer()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync("obras-publicas", 1);
        var url = new Uri($"/datos/{poa.Municipality}/2021", UriKind.Relative);

        using var anonymous = server.CreateClient();
        using var refused = await anonymous.GetAsync(url);
        using var refusedPart = await anonymous.GetAsync(new Uri($"/datos/{poa.Municipality}/2021/budget.csv", UriKind.Relative));
        using var foreign = await server.Client(PoaRoles.Viewer, "", "otro-municipio").Http.GetAsync(url);
        using var viewer = await poa.Client(PoaRoles.Viewer).Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("UNAUTHENTICATED", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedPart.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viewer.StatusCode);
        Assert.Equal("application/zip", viewer.Content.Headers.ContentType!.MediaType);
    }
}
