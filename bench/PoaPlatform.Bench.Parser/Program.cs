using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using PoaPlatform.Bench.Parser;
using PoaPlatform.Domain.Import;

// Parser throughput of the default synthetic city. Usage:
//   dotnet bench/PoaPlatform.Bench.Parser/bin/Release/net10.0/PoaPlatform.Bench.Parser.dll [--markdown FILE] [--targets FILE]
var markdownPath = Option(args, "--markdown");
var targetsPath = Option(args, "--targets");

// A bounded job: a few warm-ups and 10 measured iterations keep the run around a minute.
var job = Job.Default.WithWarmupCount(3).WithIterationCount(10).WithInvocationCount(4).WithUnrollFactor(1);
var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job).WithOptions(ConfigOptions.DisableLogFile);
var summary = BenchmarkRunner.Run<ParserBenchmarks>(config);

var mb = ParserBenchmarks.CityBytes / 1_000_000.0;
var document = PoaReader.Read(ParserBenchmarks.CityText);
var lines = new List<string>
{
    "## Import: parser throughput (BenchmarkDotNet)",
    "",
    string.Create(CultureInfo.InvariantCulture,
        $"Input: the default synthetic city written by PoaWriter, {ParserBenchmarks.CityBytes:N0} bytes UTF-8 ({mb:N2} MB), {document.Departments.Count} departments, {document.Totals.Actions} actions, {document.Totals.Activities} activities, {document.Findings.Count} findings."),
    "BenchmarkDotNet 0.15.8, default toolchain (a generated Release project in its own process, the runtime's default workstation GC with background collections; the server runs server GC), 3 warm-up + 10 measured iterations of 4 invocations each; MB/s is the input size over the median. " +
    "Collections per read: the garbage collections BenchmarkDotNet counted over the measured reads.",
    "",
    "| benchmark | median | mean | stddev | MB/s (median) | allocated per read | collections per read (gen0 / gen1 / gen2) |",
    "|---|---|---|---|---|---|---|",
};
double readMbPerSecond = 0;
foreach (var report in summary.Reports)
{
    var stats = report.ResultStatistics;
    if (stats is null)
        continue;
    var perSecond = mb / (stats.Median / 1e9);
    var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
    if (name == nameof(ParserBenchmarks.Read))
        readMbPerSecond = perSecond;
    var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
    var gc = report.GcStats;
    var reads = Math.Max(1, gc.TotalOperations);
    lines.Add(string.Create(CultureInfo.InvariantCulture,
        $"| `PoaReader.{(name == nameof(ParserBenchmarks.Read) ? "Read(text)" : "Read(Decode(bytes))")}` | {stats.Median / 1e6:N2} ms | {stats.Mean / 1e6:N2} ms | {stats.StandardDeviation / 1e6:N2} ms | {perSecond:N1} | {allocated / 1e6:N1} MB | " +
        $"{(double)gc.Gen0Collections / reads:N2} / {(double)gc.Gen1Collections / reads:N2} / {(double)gc.Gen2Collections / reads:N2} |"));
}
lines.Add("");
var text = string.Join('\n', lines) + "\n";
Console.WriteLine(text);
if (markdownPath is not null)
    File.WriteAllText(markdownPath, text);
if (targetsPath is not null)
{
    var met = readMbPerSecond >= 50;
    File.AppendAllText(targetsPath, string.Create(CultureInfo.InvariantCulture,
        $"Parser throughput, default city\t≥ 50 MB/s\t{readMbPerSecond:N1} MB/s\t{(met ? "met" : $"missed by {(50 - readMbPerSecond) / 50 * 100:N0}%")}\tdotnet bench/PoaPlatform.Bench.Parser/bin/Release/net10.0/PoaPlatform.Bench.Parser.dll\n"));
}
return summary.HasCriticalValidationErrors ? 1 : 0;

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? Path.GetFullPath(args[i + 1]) : null;
}
