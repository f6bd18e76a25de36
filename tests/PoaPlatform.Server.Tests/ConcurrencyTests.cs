using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace PoaPlatform.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ConcurrencyTests(PoaServerFactory server)
{
    [Fact]
    public async Task FiftyClientsReportingProgressOnDifferentCellsLoseNothing()
    {
        var poa = await TestPoa.CreateAsync(server);
        var actions = new List<(int Number, int[] Activities)>();
        for (var number = 1; number <= 3; number++)
        {
            var action = await poa.CreateActionAsync("secretaria-particular", number);
            actions.Add((number, action["activities"]!.AsArray().Select(a => (int)a!["id"]!).ToArray()));
        }
        // 3 actions × 2 activities × 12 months = 72 cells; 50 clients take one cell each.
        var cells = actions.SelectMany(a => a.Activities.SelectMany(activity => Enumerable.Range(1, 12).Select(month => (a.Number, Activity: activity, Month: month))))
            .Take(50).ToList();
        var acknowledged = new ConcurrentDictionary<(int, int, int), decimal>();
        var conflicts = 0;

        await Task.WhenAll(cells.Select((cell, index) => Task.Run(async () =>
        {
            using var client = poa.Client(PoaPlatform.Auth.PoaRoles.Editor, "secretaria-particular");
            var achieved = index + 1m;
            var version = await VersionAsync(client, poa, cell.Number);
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var result = await poa.ReportProgressAsync(client, "secretaria-particular", cell.Number, version, cell.Activity, cell.Month, achieved, achieved * 10);
                if (result["errors"] is null)
                {
                    acknowledged[cell] = achieved;
                    return;
                }
                var error = result["errors"]![0]!;
                Assert.Equal("CONFLICT", (string?)error["extensions"]!["code"]);
                Interlocked.Increment(ref conflicts);
                version = (long)error["extensions"]!["currentVersion"]!;
            }
            Assert.Fail($"Cell {cell} was never acknowledged.");
        })));

        Assert.Equal(50, acknowledged.Count);
        var department = (await server.Client().DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { totals { actions } monthly { achieved spent }
              department(slug: "secretaria-particular") { actions(first: 3) { nodes { number activities { id progress { month achieved spent } } } } } } }
            """))["poa"]!;
        var stored = department["department"]!["actions"]!["nodes"]!.AsArray()
            .SelectMany(n => n!["activities"]!.AsArray().SelectMany(a => a!["progress"]!.AsArray()
                .Select(p => (Key: ((int)n["number"]!, (int)a["id"]!, (int)p!["month"]!), Achieved: (decimal)p["achieved"]!))))
            .ToDictionary(x => x.Key, x => x.Achieved);
        Assert.Equal(acknowledged.OrderBy(x => x.Key).ToList(), stored.OrderBy(x => x.Key).ToList());
        Assert.Equal(acknowledged.Values.Sum(), department["monthly"]!.AsArray().Sum(m => (decimal)m!["achieved"]!));
        Assert.Equal(acknowledged.Values.Sum() * 10, department["monthly"]!.AsArray().Sum(m => (decimal)m!["spent"]!));
    }

    private static async Task<long> VersionAsync(GraphQLClient client, TestPoa poa, int number)
    {
        var data = await client.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "secretaria-particular") { actions { nodes { number version } } } } }
            """);
        return data["poa"]!["department"]!["actions"]!["nodes"]!.AsArray().Where(n => (int)n!["number"]! == number).Select(n => (long)n!["version"]!).Single();
    }
}
