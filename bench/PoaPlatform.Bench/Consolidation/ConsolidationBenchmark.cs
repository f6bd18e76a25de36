using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Bench.Hosting;
using PoaPlatform.Bench.Import;
using PoaPlatform.Bench.Measuring;
using PoaPlatform.Persistence;

namespace PoaPlatform.Bench.Consolidation;

/// <summary>
/// The city-wide totals as a dashboard polls them (GraphQL over HTTP, answered by the city grain's roll-up) against
/// the same figures computed the naive way: a client that reads every action grain and adds them up.
/// </summary>
public static class ConsolidationBenchmark
{
    public const string Command = "dotnet bench/PoaPlatform.Bench/bin/Release/net10.0/PoaPlatform.Bench.dll consolidation";
    public const string Query = "{ poa(year: 2021) { totals { investment actions activities } } }";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var city = CityRun.Create(options.Shape);
        await using var server = await BenchServer.StartAsync(StorageProvider.Sqlite);
        await ImportBenchmark.ImportAsync(server, city, null);
        Output.Write(options, await MeasureAsync(server, city, options));
        return 0;
    }

    /// <param name="large">The large city (10,000 actions): fewer client counts and shorter windows
    /// (<c>--large-clients 1,8 --large-duration 5 --large-warmup 2 --large-prewarm 8</c>), 3 fan-outs, no targets.</param>
    public static async Task<Report> MeasureAsync(BenchServer server, CityRun city, BenchOptions options, bool large = false)
    {
        var levels = large ? options.Ints("large-clients", 1, 8) : options.Clients(1, 8, 32);
        var duration = large ? options.Seconds("large-duration", 5) : options.Duration;
        var warmup = large ? options.Seconds("large-warmup", 2) : options.Warmup;
        var prewarm = large ? options.Seconds("large-prewarm", 8) : options.Prewarm;
        var expected = city.Document.Totals;
        var query = Query.Replace("2021", city.Document.Year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var totals = (await server.Reader.QueryAsync(query))["poa"]!["totals"]!;
        if (decimal.Parse(totals["investment"]!.ToJsonString(), CultureInfo.InvariantCulture) != expected.Investment ||
            totals["actions"]!.GetValue<int>() != expected.Actions || totals["activities"]!.GetValue<int>() != expected.Activities)
            throw new InvalidOperationException($"The city answered {totals.ToJsonString()}; the generated city has {expected}.");

        var body = GraphQLClient.Body(query);
        var expectedBytes = Encoding.UTF8.GetBytes(totals.ToJsonString());
        var rows = new List<LoadResult>();
        Console.Error.WriteLine($"Totals query ({city.Shape}): {prewarm.TotalSeconds:N0} s unrecorded at 8 clients first...");
        await LoadRun.RunAsync(8, prewarm, TimeSpan.Zero, QueryAsync);
        foreach (var clients in levels)
        {
            Console.Error.WriteLine($"Totals query, {clients} clients, {warmup.TotalSeconds:N0} s warm-up + {duration.TotalSeconds:N0} s...");
            var result = await LoadRun.RunAsync(clients, warmup, duration, QueryAsync);
            Console.Error.WriteLine($"  {result.OkPerSecond:N0} queries/s, p50 {result.Latency.P50:N3} ms, p99 {result.Latency.P99:N3} ms, errors {result.Errors}");
            rows.Add(result);
        }

        async Task<Outcome> QueryAsync(int client)
        {
            var (status, answer) = await server.Reader.PostAsync(body);
            return status == HttpStatusCode.OK && answer.AsSpan().IndexOf(expectedBytes) >= 0 ? Outcome.Ok : Outcome.Error;
        }

        var fanOut = await FanOutAsync(server, city, iterations: large ? 3 : options.Int("fanout-iterations", 10));

        var report = new Report()
            .Line(large
                ? string.Create(CultureInfo.InvariantCulture, $"## Consolidation at {expected.Actions:N0} actions: city totals over HTTP vs. fan-out to every action grain")
                : "## Consolidation: city totals over HTTP vs. fan-out to every action grain")
            .Line()
            .Line(string.Create(CultureInfo.InvariantCulture,
                $"Server: the real PoaPlatform.Server process on SQLite with the {(large ? "large" : "default")} city ({city.Shape}: {expected.Actions:N0} actions, {expected.Activities:N0} activities) imported" +
                $"{(large ? " through POST /import and restarted (the cold start below)" : "")}. " +
                $"Query `{query}` POSTed as JSON over keep-alive HTTP/1.1, one connection per client, closed loop (each client sends its next query when the previous answered); " +
                $"{prewarm.TotalSeconds:N0} s of unrecorded load first (JIT tiering), then per client count {warmup.TotalSeconds:N0} s warm-up and {duration.TotalSeconds:N0} s recorded. Every answer is checked against the generated totals. " +
                $"The load generator runs on the same 2 cores as the server."))
            .Line()
            .Table(["clients", "queries/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "queries", "errors"],
                rows.Select(r => new[] { r.Clients.ToString(CultureInfo.InvariantCulture), Report.F(r.OkPerSecond, 0), Report.F(r.Latency.P50, 3), Report.F(r.Latency.P90, 3),
                    Report.F(r.Latency.P99, 3), Report.F(r.Latency.Max, 1), r.Latency.Count.ToString("N0", CultureInfo.InvariantCulture), r.Errors.ToString(CultureInfo.InvariantCulture) }));

        var one = rows.FirstOrDefault(r => r.Clients == 1) ?? rows[0];
        var ratio = fanOut.Median / one.Latency.P50;
        report.Line(string.Create(CultureInfo.InvariantCulture,
                $"Fan-out: an Orleans client connected to the server's gateway calls `IActionGrain.GetAsync()` on all {expected.Actions:N0} action grains at once (`Task.WhenAll`) and adds up investment, actions and activities " +
                $"(the sums equal the query's). {fanOut.Times.Count} fan-outs after 2 unrecorded ones:"))
            .Line()
            .Table(["fan-out", "median ms", "min ms", "max ms", "HTTP totals query p50 (1 client)", "ratio fan-out / query"],
                [[$"{expected.Actions:N0} × GetAsync", Report.F(fanOut.Median, 1), Report.F(fanOut.Times.Min(), 1), Report.F(fanOut.Times.Max(), 1),
                    Report.F(one.Latency.P50, 3) + " ms", Report.F(ratio, 1) + "×"]]);

        if (large)
            return report;
        report.Target("Totals query p50, 8 clients", "< 2 ms", rows.FirstOrDefault(r => r.Clients == 8)?.Latency.P50 ?? double.NaN, 2, higherIsBetter: false, "ms", Command);
        report.Target("Totals queries/s, 8 clients", "≥ 5,000/s", rows.FirstOrDefault(r => r.Clients == 8)?.OkPerSecond ?? 0, 5000, higherIsBetter: true, "/s", Command);
        report.Target("Totals query vs. fan-out (p50 at 1 client vs. fan-out median)", "≥ 20× faster", ratio, 20, higherIsBetter: true, "×", Command);
        return report;
    }

    private sealed record FanOut(double Median, IReadOnlyList<double> Times);

    private static async Task<FanOut> FanOutAsync(BenchServer server, CityRun city, int iterations)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseLocalhostClustering(server.GatewayPort, "poa-platform", "poa"));
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IClusterClient>();
        var keys = BenchServer.ActionKeys(city.Document).Select(k => k.Key).ToArray();
        var expected = city.Document.Totals;
        var times = new List<double>();
        for (var i = 0; i < iterations + 2; i++)
        {
            var watch = Stopwatch.StartNew();
            var snapshots = await Task.WhenAll(keys.Select(k => grains.GetGrain<IActionGrain>(k).GetAsync()));
            decimal investment = 0;
            int actions = 0, activities = 0;
            foreach (var snapshot in snapshots)
            {
                if (snapshot is null)
                    continue;
                investment += snapshot.Action.Investment;
                actions++;
                activities += snapshot.Action.Activities.Count;
            }
            watch.Stop();
            if (investment != expected.Investment || actions != expected.Actions || activities != expected.Activities)
                throw new InvalidOperationException($"The fan-out added up to {investment}, {actions}, {activities}; expected {expected}.");
            if (i >= 2)
                times.Add(watch.Elapsed.TotalMilliseconds);
        }
        Console.Error.WriteLine($"Fan-out over {keys.Length} action grains: median {Percentiles.Median(times):N1} ms.");
        await host.StopAsync();
        return new FanOut(Percentiles.Median(times), times);
    }
}
