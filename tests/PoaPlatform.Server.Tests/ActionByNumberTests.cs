namespace PoaPlatform.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ActionByNumberTests(PoaServerFactory server)
{
    [Fact]
    public async Task ADepartmentFindsOneActionByNumberAndNullForAnUnknownNumber()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync("hacienda", 3, 750m, name: "Recaudación");
        await poa.CreateActionAsync("hacienda", 4, 250m);

        var department = (await server.Client().DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "hacienda") {
                three: action(number: 3) { number name investment activities { id } }
                missing: action(number: 99) { number } } } }
            """))["poa"]!["department"]!;

        Assert.Equal("Recaudación", (string?)department["three"]!["name"]);
        Assert.Equal(750m, (decimal)department["three"]!["investment"]!);
        Assert.Equal(2, department["three"]!["activities"]!.AsArray().Count);
        Assert.Null(department["missing"]);
    }
}
