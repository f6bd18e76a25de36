namespace PoaPlatform.Server.Tests;

public class SeedTests
{
    private const string CityQuery = """
        { poa(year: 2021) { totals { investment actions activities declaredBeneficiaries { men women } }
            department(slug: "secretaria-particular") { name findings { code severity actual expected message } } } }
        """;

    [Fact]
    public async Task TheFirstStartImportsTheSampleAsZacatecas2021()
    {
        await using var server = new SeededServerFactory();

        var poa = (await server.Client().DataAsync(CityQuery))["poa"]!;

        Assert.Equal(7_458_446.61m, (decimal)poa["totals"]!["investment"]!);
        Assert.Equal(9, (int)poa["totals"]!["actions"]!);
        Assert.Equal(20, (int)poa["totals"]!["activities"]!);
        Assert.Equal(243_343, (int)poa["totals"]!["declaredBeneficiaries"]!["men"]!);
        Assert.Equal("Secretaría Particular", (string?)poa["department"]!["name"]);
        var findings = poa["department"]!["findings"]!.AsArray().Where(f => (string?)f!["severity"] != "INFO").ToList();
        // Every action's indicator sheet is still to fill (INDICATOR_INCOMPLETE, info); besides those,
        // Gasto operativo, Transparencia and Audiencias declare no activities; Comunicación institucional's don't add up.
        Assert.Equal(["ACTION_WITHOUT_ACTIVITIES", "ACTION_INVESTMENT_MISMATCH", "ACTION_WITHOUT_ACTIVITIES", "ACTION_WITHOUT_ACTIVITIES"],
            findings.Select(f => (string?)f!["code"]));
        Assert.All(findings, f => Assert.Equal("WARNING", (string?)f!["severity"]));
        var finding = findings[1]!;
        Assert.Equal("ACTION_INVESTMENT_MISMATCH", (string?)finding!["code"]);
        Assert.Equal(4_181_100m, (decimal)finding["actual"]!);
    }
}
