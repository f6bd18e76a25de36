using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PoaPlatform.Bench.Consolidation;
using PoaPlatform.Bench.Hosting;
using PoaPlatform.Bench.Import;
using PoaPlatform.Bench.Measuring;
using PoaPlatform.Persistence;

namespace PoaPlatform.Bench.Hostile;

/// <summary>
/// A dashboard's totals query while four anonymous clients send, back to back, the heaviest documents the default
/// limits let through: the most complex (audit pages with a new text each time, so the document cache cannot help; a
/// large page of actions), the slowest to validate (480 field selections, each name ten times, new text each time),
/// and the city page.
/// The totals query's p99 must stay under 50 ms.
/// </summary>
public static class HeavyDocumentsBenchmark
{
    public const string Command = "dotnet bench/PoaPlatform.Bench/bin/Release/net10.0/PoaPlatform.Bench.dll heavy";

    private const int Attackers = 4;

    private const string CityPage = """
        query Poa($municipality: String!, $year: Int!) { poa(municipality: $municipality, year: $year) { key year
          totals { investment actions activities findings declaredBeneficiaries { men women total } largestCoverage { men women total } }
          compliance { upToMonth programmed achieved ratio light } monthly { month programmed achieved spent }
          byAxis { axis actions investment compliance { ratio light } } byChapter { chapter name actions investment compliance { ratio light } }
          findings { code severity message line actionNumber expected actual department }
          departments(first: 100) { nodes { name slug totals { investment actions activities findings } compliance { ratio light } } } } }
        """;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var city = CityRun.Create(options.Shape);
        await using var server = await BenchServer.StartAsync(StorageProvider.Sqlite);
        await ImportBenchmark.ImportAsync(server, city, null);
        Output.Write(options, await MeasureAsync(server, city, options));
        return 0;
    }

    /// <summary>The documents: each within every default limit (checked before the run: no errors).</summary>
    private static List<(string Name, Func<byte[]> Body)> Documents(int year)
    {
        // oldValue, not newValue: after an import the newest entries are creations, whose new value is the whole action
        // (decision 0018); 2,500 of them exceed GraphQL:MaxResponseBytes and are refused. The same complexity, entries
        // and about the same bytes as before that decision.
        var audit = $"{{ poa(year: {year}) {{ " + string.Concat(Enumerable.Range(0, 5).Select(i => $"a{i}: audit(first: 500) {{ actionKey version sequence atUtc command field oldValue }} ")) + "} }";
        var actions = $"{{ poa(year: {year}) {{ actions(first: 300, sort: COMPLIANCE) {{ nodes {{ key name investment monthly {{ month programmed achieved spent }} }} }} }} }}";
        var counter = 0L;
        string Validation() => $"{{ poa(year: {year}) {{ " + string.Concat(Enumerable.Range(0, 160).Select(i => $"c{i % 16}: compliance(upToMonth: {i % 16 % 12 + 1}) {{ ratio light }} ")) +
            $"}} }} # {Interlocked.Increment(ref counter)}";
        var cityPage = GraphQLClient.Body(CityPage, new { municipality = BenchServer.Municipality, year });
        return
        [
            ("5 × audit(first: 500), 7 fields (complexity 17,700), new text each time", () => GraphQLClient.Body($"{audit} # {Interlocked.Increment(ref counter)}")),
            ("actions(first: 300) with their months (complexity 15,800), the same text", () => GraphQLClient.Body(actions)),
            ("480 field selections, each name 10 times, new text each time", () => GraphQLClient.Body(Validation())),
            ("the city page", () => cityPage),
        ];
    }

    public static async Task<Report> MeasureAsync(BenchServer server, CityRun city, BenchOptions options)
    {
        var year = city.Document.Year;
        var documents = Documents(year);
        foreach (var (name, body) in documents)
        {
            var (status, answer) = await server.Reader.PostAsync(body());
            if (status != HttpStatusCode.OK || Encoding.UTF8.GetString(answer).Contains("\"errors\"", StringComparison.Ordinal))
                throw new InvalidOperationException($"{name} is not allowed: {GraphQLClient.Shorten(Encoding.UTF8.GetString(answer))}");
            Console.Error.WriteLine($"{name}: {answer.Length:N0} bytes");
        }

        var totalsBody = GraphQLClient.Body(ConsolidationBenchmark.Query.Replace("2021", year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var expected = Encoding.UTF8.GetBytes(city.Document.Totals.Actions.ToString(CultureInfo.InvariantCulture));
        async Task<Outcome> TotalsAsync(int client)
        {
            var (status, answer) = await server.Reader.PostAsync(totalsBody);
            return status == HttpStatusCode.OK && answer.AsSpan().IndexOf(expected) >= 0 ? Outcome.Ok : Outcome.Error;
        }

        Console.Error.WriteLine($"Totals query alone: {options.Prewarm.TotalSeconds:N0} s unrecorded, then {options.Duration.TotalSeconds:N0} s at 1 client...");
        await LoadRun.RunAsync(1, options.Prewarm, TimeSpan.Zero, TotalsAsync);
        var alone = await LoadRun.RunAsync(1, options.Warmup, options.Duration, TotalsAsync);
        Console.Error.WriteLine($"  p50 {alone.Latency.P50:N2} ms, p99 {alone.Latency.P99:N2} ms");

        // The attackers: closed loops over the documents, each starting at another one, until the measurement ends.
        using var stop = new CancellationTokenSource();
        var sent = new ConcurrentDictionary<string, (long Count, long Errors, double Milliseconds)>();
        using var attackers = new GraphQLClient(server.BaseAddress);
        var loops = Enumerable.Range(0, Attackers).Select(a => Task.Run(async () =>
        {
            for (var i = a; !stop.IsCancellationRequested; i++)
            {
                var (name, body) = documents[i % documents.Count];
                var watch = Stopwatch.StartNew();
                var failed = 0;
                try
                {
                    var (status, answer) = await attackers.PostAsync(body(), stop.Token);
                    failed = status == HttpStatusCode.OK && !HasErrors(answer) ? 0 : 1;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                sent.AddOrUpdate(name, (1, failed, watch.Elapsed.TotalMilliseconds), (_, s) => (s.Count + 1, s.Errors + failed, s.Milliseconds + watch.Elapsed.TotalMilliseconds));
            }
        })).ToArray();
        var attackWindow = Stopwatch.StartNew();
        Console.Error.WriteLine($"Totals query with {Attackers} clients sending the heaviest documents: {options.Warmup.TotalSeconds:N0} s warm-up + {options.Duration.TotalSeconds * 2:N0} s...");
        var attacked = await LoadRun.RunAsync(1, options.Warmup, options.Duration * 2, TotalsAsync);
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        var seconds = attackWindow.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"  p50 {attacked.Latency.P50:N2} ms, p99 {attacked.Latency.P99:N2} ms, max {attacked.Latency.Max:N1} ms");

        var report = new Report()
            .Line("## Heavy documents: the totals query while four clients send the heaviest documents the limits allow")
            .Line()
            .Line(string.Create(CultureInfo.InvariantCulture,
                $"Server: the real PoaPlatform.Server process on SQLite with the default limits and the city ({city.Shape}) imported. One client polls `{ConsolidationBenchmark.Query}` " +
                $"in a closed loop, first alone ({options.Duration.TotalSeconds:N0} s recorded), then while {Attackers} anonymous clients send, back to back, the documents below " +
                $"({(options.Duration.TotalSeconds * 2):N0} s recorded after {options.Warmup.TotalSeconds:N0} s). Everything shares the 2 cores."))
            .Line()
            .Table(["totals query", "queries", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors"],
            [
                ["alone", alone.Latency.Count.ToString("N0", CultureInfo.InvariantCulture), Report.F(alone.Latency.P50), Report.F(alone.Latency.P90), Report.F(alone.Latency.P99), Report.F(alone.Latency.Max, 1), alone.Errors.ToString(CultureInfo.InvariantCulture)],
                [$"with {Attackers} heavy clients", attacked.Latency.Count.ToString("N0", CultureInfo.InvariantCulture), Report.F(attacked.Latency.P50), Report.F(attacked.Latency.P90), Report.F(attacked.Latency.P99), Report.F(attacked.Latency.Max, 1), attacked.Errors.ToString(CultureInfo.InvariantCulture)],
            ])
            .Table(["heavy document", "answered", "per s", "mean ms", "errors"],
                documents.Select(d => sent.TryGetValue(d.Name, out var s)
                    ? new[] { d.Name, s.Count.ToString("N0", CultureInfo.InvariantCulture), Report.F(s.Count / seconds, 1), Report.F(s.Milliseconds / Math.Max(1, s.Count), 1), s.Errors.ToString(CultureInfo.InvariantCulture) }
                    : [d.Name, "0", "0", "-", "0"]));
        report.Target($"Totals query p99 while {Attackers} clients send the heaviest allowed documents", "< 50 ms", attacked.Latency.P99, 50, higherIsBetter: false, "ms", Command);
        return report;
    }

    private static bool HasErrors(byte[] answer)
    {
        using var json = JsonDocument.Parse(answer);
        return json.RootElement.TryGetProperty("errors", out _);
    }
}
