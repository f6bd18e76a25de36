using PoaPlatform.Auth;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ImportTests(PoaServerFactory server)
{
    private const string Import = """
        mutation($m: String!, $doc: String!, $dry: Boolean!) { importPoa(municipality: $m, document: $doc, dryRun: $dry) {
          year dryRun importedActions totals { investment actions activities declaredBeneficiaries { men women } }
          departments { slug name actions } findings { code severity line actionNumber department }
          poa { key totals { investment actions findings } departments { totalCount } } } }
        """;

    [Fact]
    public async Task ADryRunReportsTheSeedsTotalsAndItsFindingAndStoresNothing()
    {
        var poa = await TestPoa.CreateAsync(server);
        var client = poa.Client(PoaRoles.Planner, "planeacion");
        var payload = (await client.DataAsync(Import, new { m = poa.Municipality, doc = Samples.SeedText, dry = true }))["importPoa"]!;

        Assert.True((bool)payload["dryRun"]!);
        Assert.Equal(2021, (int)payload["year"]!);
        Assert.Equal(7458446.61m, (decimal)payload["totals"]!["investment"]!);
        var finding = Assert.Single(payload["findings"]!.AsArray(), f => (string?)f!["severity"] != "INFO");
        Assert.Equal("ACTION_INVESTMENT_MISMATCH", (string?)finding!["code"]);
        Assert.Equal(47, (int)finding["line"]!);
        Assert.Null(payload["poa"]);
        var city = await server.Client().DataAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { totals { actions } } }""");
        Assert.Equal(0, (int)city["poa"]!["totals"]!["actions"]!);
    }

    [Fact]
    public async Task ImportingTheSeedMakesTheCityTotalsEqualTheDocumentsAndAgainChangesNothing()
    {
        var poa = await TestPoa.CreateAsync(server);
        var client = poa.Client(PoaRoles.Planner, "planeacion");
        var first = (await client.DataAsync(Import, new { m = poa.Municipality, doc = Samples.SeedText, dry = false }))["importPoa"]!;

        var totals = first["totals"]!;
        var city = first["poa"]!;
        Assert.Equal(poa.Key, (string?)city["key"]);
        Assert.Equal((decimal)totals["investment"]!, (decimal)city["totals"]!["investment"]!);
        Assert.Equal((int)totals["actions"]!, (int)city["totals"]!["actions"]!);
        Assert.Equal((int)totals["actions"]!, (int)first["importedActions"]!);
        Assert.True((int)city["totals"]!["findings"]! >= 1);

        var again = (await client.DataAsync(Import, new { m = poa.Municipality, doc = Samples.SeedText, dry = false }))["importPoa"]!;
        Assert.Equal((decimal)city["totals"]!["investment"]!, (decimal)again["poa"]!["totals"]!["investment"]!);
        Assert.Equal((int)city["totals"]!["actions"]!, (int)again["poa"]!["totals"]!["actions"]!);
    }

    [Fact]
    public async Task TextThatIsNotAPoaIsABadPoaFormatErrorWithItsLineAndColumn()
    {
        var error = await server.Client(PoaRoles.Admin, "").ErrorAsync(Import, new { m = TestMunicipalities.Default, doc = "PROGRAMA OPERATIVO ANUAL dos mil\nnada", dry = true });
        Assert.Equal("BAD_POA_FORMAT", (string?)error["extensions"]!["code"]);
        Assert.NotNull(error["extensions"]!["line"]);
        Assert.NotNull(error["extensions"]!["column"]);
    }
}
