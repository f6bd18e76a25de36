using System.Globalization;
using System.Text;
using PoaPlatform.Bench.Hosting;
using PoaPlatform.Bench.Measuring;
using PoaPlatform.Persistence;

namespace PoaPlatform.Bench.Import;

/// <summary>End-to-end import: the whole city as one importPoa request (read, then every department described and its
/// actions imported into the grains, each action one durable write and one audit insert).</summary>
public static class ImportBenchmark
{
    public const string Command = "dotnet bench/PoaPlatform.Bench/bin/Release/net10.0/PoaPlatform.Bench.dll import";

    /// <summary>Imports into <paramref name="server"/> (which must hold no city yet) and records the time.</summary>
    public static async Task<TimeSpan> ImportAsync(BenchServer server, CityRun city, List<string[]> rows)
    {
        Console.Error.WriteLine($"Importing {city.Shape} ({Encoding.UTF8.GetByteCount(city.Text):N0} bytes) into {server.Provider} over HTTP...");
        var (elapsed, answer) = await server.ImportAsync(city.Text);
        var imported = answer["importedActions"]!.GetValue<int>();
        if (imported != city.Shape.TotalActions)
            throw new InvalidOperationException($"importPoa imported {imported} actions of {city.Shape.TotalActions}: {answer.ToJsonString()}");
        Console.Error.WriteLine($"Imported {imported} actions in {elapsed.TotalSeconds:N1} s.");
        rows.Add([server.Provider.ToString(), city.Shape.ToString(), Report.F(Encoding.UTF8.GetByteCount(city.Text) / 1e6) + " MB",
            Report.F(elapsed.TotalSeconds) + " s", Report.F(imported / elapsed.TotalSeconds, 0)]);
        return elapsed;
    }

    public static Report Section(List<string[]> rows)
    {
        var report = new Report()
            .Line("## Import: end to end over HTTP")
            .Line()
            .Line("One `importPoa(document)` request with the admin token carries the whole generated city; the time is from sending it to the answer " +
                  "(the server reads the text, describes each department, imports its actions in parallel: one durable write and one audit insert per action, " +
                  "a membership write per new action in its department).")
            .Line();
        return report.Table(["storage", "city", "document", "import time", "actions/s"], rows);
    }

    /// <summary><c>import</c>: a fresh SQLite server, the default city imported once.</summary>
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var city = CityRun.Create(options.Shape);
        var rows = new List<string[]>();
        await using (var server = await BenchServer.StartAsync(StorageProvider.Sqlite))
            await ImportAsync(server, city, rows);
        Output.Write(options, Section(rows));
        return 0;
    }
}

/// <summary>Where a subcommand's markdown and verdicts go.</summary>
public static class Output
{
    public static void Write(BenchOptions options, Report report)
    {
        Console.WriteLine(report);
        if (options.Markdown is { } markdown)
            File.AppendAllText(markdown, report.ToString());
        if (options.Targets is { } targets)
            File.AppendAllLines(targets, report.Verdicts.Select(v => v.ToTsv()));
        foreach (var verdict in report.Verdicts)
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TARGET {verdict.What}: {verdict.Target}, measured {verdict.Measured}: {verdict.Result}"));
    }
}
