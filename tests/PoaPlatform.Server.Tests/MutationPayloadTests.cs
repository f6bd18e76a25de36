namespace PoaPlatform.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class MutationPayloadTests(PoaServerFactory server)
{
    [Fact]
    public async Task AMutationReadsTheActionBackOnlyWhenThePayloadAsksForIt()
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync("hacienda", 1);
        var activity = (int)action["activities"]![0]!["id"]!;
        var version = (long)action["version"]!;
        object Input(int month, decimal achieved) => new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = "hacienda", number = 1, expectedVersion = version, activityId = activity, month, achieved, spent = 0m, note = "Avance" } };

        var before = server.GrainCalls.Count(poa.Key + "/", "IActionGrain.GetAsync");
        var lean = await poa.Admin.SendAsync("mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }", Input(1, 5m));
        var afterLean = server.GrainCalls.Count(poa.Key + "/", "IActionGrain.GetAsync");
        var full = await poa.Admin.SendAsync(
            "mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version action { activities { progress { month achieved } } } } }", Input(2, 6m));

        Assert.Null(lean["errors"]);
        Assert.Null(full["errors"]);
        Assert.Equal(version + 1, (long)lean["data"]!["reportProgress"]!["version"]!);
        Assert.Equal(before, afterLean);
        Assert.Equal(afterLean + 1, server.GrainCalls.Count(poa.Key + "/", "IActionGrain.GetAsync"));
        Assert.Equal(2, full["data"]!["reportProgress"]!["action"]!["activities"]![0]!["progress"]!.AsArray().Count);
    }
}
