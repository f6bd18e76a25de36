using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using PoaPlatform.Bench.Consolidation;
using PoaPlatform.Bench.Generation;
using PoaPlatform.Bench.Hosting;
using PoaPlatform.Bench.Import;
using PoaPlatform.Bench.Measuring;
using PoaPlatform.Persistence;

namespace PoaPlatform.Bench.ColdStart;

/// <summary>What one restart came to (seconds).</summary>
/// <param name="ReadyToTotals">From ready to the first correct totals answer (after retries when the first failed).</param>
/// <param name="FirstFailure">When the first totals query failed: what the server answered and after how long.</param>
public sealed record ColdStartFigures(StorageProvider Provider, CityShape Shape, TimeSpan Stop, bool Killed, TimeSpan ProcessToReady,
    TimeSpan ReadyToTotals, TimeSpan ProcessToTotals, TimeSpan DepartmentPage, TimeSpan SecondTotals, string? FirstFailure = null);

/// <summary>
/// Cold start: the server that imported the city is stopped (SIGTERM, graceful) and started again on the same database;
/// the first city totals query is sent as soon as <c>/health/ready</c> answers 200 (polled every 10 ms from the
/// process start), then the first page of one department. Every answer is checked against the generated city.
/// </summary>
public static class ColdStartBenchmark
{
    public const string DepartmentPage = """
        query($slug: String!) { poa(year: 2021) { department(slug: $slug) { name totals { investment actions activities }
          actions(first: 50) { nodes { number name investment } } } } }
        """;

    public static async Task<ColdStartFigures> MeasureAsync(BenchServer server, CityRun city)
    {
        var (stop, killed) = await server.StopAsync();
        await server.StartAgainAsync();
        var process = server.Process;
        var year = city.Document.Year.ToString(CultureInfo.InvariantCulture);
        var totalsQuery = GraphQLClient.Body(ConsolidationBenchmark.Query.Replace("2021", year, StringComparison.Ordinal));
        // An anonymous client like server.Reader, with room for a slow first answer (Reader gives up after 60 s).
        using var reader = new GraphQLClient(server.BaseAddress, token: null, TimeSpan.FromMinutes(10));

        // The first totals answer: the city grain activates and rolls up (from its stored state or its departments).
        // When it fails (e.g. a grain call beyond Cluster:ResponseTimeout), the failure is recorded and the query sent
        // again every second until it answers (5 minutes at most): the time is then to the first correct answer.
        string? failure = null;
        JsonNode totals;
        long totalsAt;
        while (true)
        {
            try
            {
                (totals, totalsAt) = await PostAsync(reader, totalsQuery);
                break;
            }
            catch (InvalidOperationException e) when (Stopwatch.GetElapsedTime(process.ReadyAt) < TimeSpan.FromMinutes(5))
            {
                if (failure is null)
                {
                    failure = string.Create(CultureInfo.InvariantCulture, $"{Shorten(e.Message)} after {Stopwatch.GetElapsedTime(process.ReadyAt).TotalSeconds:N1} s");
                    Console.Error.WriteLine($"ERROR: the first totals query after the restart failed: {failure}");
                    foreach (var line in process.Output.Split('\n').Where(l => l.Contains("Exception", StringComparison.Ordinal)).TakeLast(3))
                        Console.Error.WriteLine("  server: " + line.Trim());
                }
                await Task.Delay(1000);
            }
        }
        Check(totals["poa"]!["totals"]!, city.Document.Totals.Investment, city.Document.Totals.Actions, city.Document.Totals.Activities, "the city totals");

        var department = city.Document.Departments[0];
        var departmentBody = GraphQLClient.Body(DepartmentPage.Replace("2021", year, StringComparison.Ordinal), new { slug = department.Slug });
        var before = Stopwatch.GetTimestamp();
        var (page, pageAt) = await PostAsync(reader, departmentBody);
        var node = page["poa"]!["department"] ?? throw new InvalidOperationException($"No department {department.Slug} after the restart.");
        Check(node["totals"]!, department.Actions.Sum(a => a.Investment), department.Actions.Count, department.Actions.Sum(a => a.Activities.Count), "the department totals");
        if ((node["actions"]!["nodes"] as JsonArray)!.Count != Math.Min(50, department.Actions.Count))
            throw new InvalidOperationException($"The department page listed {(node["actions"]!["nodes"] as JsonArray)!.Count} actions of {department.Actions.Count}.");

        var again = Stopwatch.GetTimestamp();
        var (_, againAt) = await PostAsync(reader, totalsQuery);

        var figures = new ColdStartFigures(server.Provider, city.Shape, stop, killed,
            Stopwatch.GetElapsedTime(process.StartedAt, process.ReadyAt), Stopwatch.GetElapsedTime(process.ReadyAt, totalsAt),
            Stopwatch.GetElapsedTime(process.StartedAt, totalsAt), Stopwatch.GetElapsedTime(before, pageAt), Stopwatch.GetElapsedTime(again, againAt), failure);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Cold start on {server.Provider}, {city.Shape}: ready {figures.ProcessToReady.TotalSeconds:N2} s after the process start, first totals {figures.ReadyToTotals.TotalMilliseconds:N0} ms after ready, department page {figures.DepartmentPage.TotalMilliseconds:N0} ms."));
        return figures;
    }

    private static async Task<(JsonNode Data, long At)> PostAsync(GraphQLClient client, byte[] body)
    {
        var (status, answer) = await client.PostAsync(body);
        var at = Stopwatch.GetTimestamp();
        var json = JsonNode.Parse(answer);
        if (json?["errors"] is JsonArray { Count: > 0 } errors)
            throw new InvalidOperationException($"HTTP {(int)status}, {errors[0]?["extensions"]?["code"]}: \"{errors[0]?["message"]}\"");
        if (status != HttpStatusCode.OK || json?["data"] is not { } data)
            throw new InvalidOperationException($"HTTP {(int)status}: {GraphQLClient.Shorten(System.Text.Encoding.UTF8.GetString(answer))}");
        return (data, at);
    }

    private static string Shorten(string message)
    {
        var text = message.ReplaceLineEndings(" ").Replace('\t', ' ').Replace("|", "\\|", StringComparison.Ordinal);
        return text.Length <= 300 ? text : text[..300] + "...";
    }

    private static void Check(JsonNode totals, decimal investment, int actions, int activities, string what)
    {
        if (decimal.Parse(totals["investment"]!.ToJsonString(), CultureInfo.InvariantCulture) != investment ||
            totals["actions"]!.GetValue<int>() != actions || totals["activities"]!.GetValue<int>() != activities)
            throw new InvalidOperationException($"After the restart {what} answered {totals.ToJsonString()}; the generated city has {investment}, {actions} actions, {activities} activities.");
    }

    public static Report Section(IReadOnlyList<ColdStartFigures> rows, IReadOnlyList<ImportFigures> imports)
    {
        static string S(TimeSpan t) => Report.F(t.TotalSeconds, 2) + " s";
        static string Ms(TimeSpan t) => Report.F(t.TotalMilliseconds, 0) + " ms";
        var report = new Report()
            .Line("## Cold start: the first queries after a restart")
            .Line()
            .Line("The server that imported the city (section above) is stopped with SIGTERM (graceful: the silo leaves, its grains deactivate; \"stop\" is how long " +
                  "the process took to exit) and started again on the same database (the SQLite file, the PostgreSQL database), as the same child process " +
                  "(`dotnet PoaPlatform.Server.dll`, Release). The benchmark polls `/health/ready` every 10 ms from the process start and sends " +
                  $"`{ConsolidationBenchmark.Query}` as soon as it answers 200, then the page of the city's first department " +
                  "(`department(slug) { name totals actions(first: 50) { number name investment } }`), then the totals again (warm, for comparison). " +
                  "Every answer is checked against the generated city. The target is measured from the server being ready (`/health/ready` 200) to the totals answer. " +
                  "When the first totals query fails, the failure is shown and the query is sent again every second: the times are then to the first correct answer.")
            .Line()
            .Table(["storage", "city", "actions", "stop", "process start → ready", "ready → first totals", "process start → first totals", "first department page", "totals again"],
                rows.Select(r => new[]
                {
                    ImportBenchmark.Name(r.Provider), r.Shape.ToString(), r.Shape.TotalActions.ToString("N0", CultureInfo.InvariantCulture),
                    S(r.Stop) + (r.Killed ? " (killed)" : ""), S(r.ProcessToReady),
                    Ms(r.ReadyToTotals) + (r.FirstFailure is null ? "" : $" (**the first query failed: {r.FirstFailure}**)"), S(r.ProcessToTotals), Ms(r.DepartmentPage), Ms(r.SecondTotals),
                }));
        // The 10,000-action target, on each storage: measured, or why not (the import was refused in part).
        foreach (var provider in new[] { StorageProvider.Sqlite, StorageProvider.PostgreSql })
        {
            var what = $"Cold start, first totals query after ready, 10,000 actions, {ImportBenchmark.Name(provider)}";
            if (rows.FirstOrDefault(r => r.Provider == provider && r.Shape.TotalActions >= 10_000) is { } row)
            {
                var verdict = report.Target(what, "≤ 2 s", row.ReadyToTotals.TotalSeconds, 2, higherIsBetter: false, "s", ImportBenchmark.Command);
                if (row.FirstFailure is not null)
                    report.Verdicts[^1] = verdict with { Measured = verdict.Measured + " to the first correct answer", Result = verdict.Result + "; the first query failed: " + row.FirstFailure };
            }
            else if (imports.FirstOrDefault(i => i.Provider == provider && i.Shape.TotalActions >= 10_000 && !i.Complete) is { } refused)
                report.NotMeasured(what, "≤ 2 s", "the import was refused in part: " + refused.Refusal, ImportBenchmark.Command);
        }
        return report;
    }
}
