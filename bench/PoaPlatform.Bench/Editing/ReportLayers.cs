using System.Net;
using System.Text.Json;
using PoaPlatform.Bench.Hosting;
using PoaPlatform.Bench.Measuring;

namespace PoaPlatform.Bench.Editing;

/// <summary>
/// What a report's processor time is made of: the same closed loop, on the same server right after the reports, with
/// less of a report each time. A mutation that selects only <c>__typename</c> costs the HTTP request, the token and
/// GraphQL; a report that repeats the figures a cell holds adds the action's command (the action grain, its
/// department's rules, the comparison) but writes and pushes nothing; a report (the table above) adds the write and the
/// pushes to the department and the city.
/// </summary>
public static class ReportLayers
{
    private const string Typename = "mutation { __typename }";
    private const string Report = "mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }";

    /// <summary>Every action's first cell (its first activity's January) is set to these figures once, then reported again.</summary>
    private const int Figure = 4321;

    public sealed record Layer(string What, LoadResult Result);

    public static async Task<List<Layer>> MeasureAsync(BenchServer server, CityRun city, BenchOptions options, ProcessorMeter meter, int clients)
    {
        var actions = BenchServer.ActionKeys(city.Document);
        var typename = GraphQLClient.Body(Typename);
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        Console.Error.WriteLine($"The layers of a report at {clients} clients: a mutation of __typename...");
        var http = await LoadRun.RunAsync(clients, options.Warmup, options.Duration, async _ =>
        {
            var (status, answer) = await server.Admin.PostAsync(typename);
            using var json = JsonDocument.Parse(answer);
            return status == HttpStatusCode.OK && json.RootElement.TryGetProperty("data", out var data) &&
                   data.ValueKind == JsonValueKind.Object && data.GetProperty("__typename").GetString() == "Mutation"
                ? Outcome.Ok
                : Failed(status, answer);
        }, meter);

        // The figures set once (a write each, at the version the reports above left), then the same report again:
        // nothing to write, answered at that version.
        var current = await CurrentVersionsAsync(server, city);
        var bodies = new byte[actions.Count][];
        var versions = new long[actions.Count];
        for (var a = 0; a < actions.Count; a++)
        {
            var (status, answer) = await server.Admin.PostAsync(Body(a, current[(actions[a].Department, actions[a].Number)]));
            versions[a] = Version(status, answer) ?? throw new InvalidOperationException(
                $"Setting the first cell of {actions[a].Key}: {(int)status} {GraphQLClient.Shorten(System.Text.Encoding.UTF8.GetString(answer))}");
            bodies[a] = Body(a, versions[a]);
        }
        Console.Error.WriteLine($"The layers of a report at {clients} clients: a report that changes nothing...");
        long counter = -1;
        var unchanged = await LoadRun.RunAsync(clients, options.Warmup, options.Duration, async _ =>
        {
            var a = (int)(Interlocked.Increment(ref counter) % actions.Count);
            var (status, answer) = await server.Admin.PostAsync(bodies[a]);
            return Version(status, answer) == versions[a] ? Outcome.Ok : Failed(status, answer);
        }, meter);
        foreach (var (message, count) in failures.OrderByDescending(e => e.Value).Take(5))
            Console.Error.WriteLine($"  error ×{count}: {message}");
        return
        [
            new("HTTP, the token and GraphQL: `mutation { __typename }`", http),
            new("+ the action's command, nothing to write: reportProgress with the figures the cell holds", unchanged),
        ];

        byte[] Body(int a, long expected)
        {
            var (department, number, _) = actions[a];
            return GraphQLClient.Body(Report, new
            {
                input = new
                {
                    municipality = BenchServer.Municipality,
                    year = city.Document.Year,
                    department,
                    number,
                    activityId = 1,
                    month = 1,
                    achieved = Figure,
                    spent = Figure * 10.5m,
                    note = "Avance del mes",
                    expectedVersion = expected,
                },
            });
        }

        Outcome Failed(HttpStatusCode status, byte[] answer)
        {
            failures.AddOrUpdate($"{(int)status}: {GraphQLClient.Shorten(System.Text.Encoding.UTF8.GetString(answer))}", 1, (_, n) => n + 1);
            return Outcome.Error;
        }
    }

    /// <summary>Each action's version now, read department by department.</summary>
    private static async Task<Dictionary<(string Department, int Number), long>> CurrentVersionsAsync(BenchServer server, CityRun city)
    {
        var versions = new Dictionary<(string, int), long>();
        foreach (var department in city.Document.Departments)
        {
            var data = await server.Admin.QueryAsync(
                "query($y: Int!, $d: String!) { poa(year: $y) { department(slug: $d) { actions(first: 500) { nodes { number version } } } } }",
                new { y = city.Document.Year, d = department.Slug });
            foreach (var node in data["poa"]!["department"]!["actions"]!["nodes"]!.AsArray())
                versions[(department.Slug, node!["number"]!.GetValue<int>())] = node["version"]!.GetValue<long>();
        }
        return versions;
    }

    private static long? Version(HttpStatusCode status, byte[] answer)
    {
        using var json = JsonDocument.Parse(answer);
        return EditingBenchmark.ReportedVersion(status, json.RootElement);
    }
}
