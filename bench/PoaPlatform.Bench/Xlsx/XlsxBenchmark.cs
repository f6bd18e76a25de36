using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using MiniExcelLibs;
using PoaPlatform.Bench.Generation;
using PoaPlatform.Bench.Hosting;
using PoaPlatform.Bench.Import;
using PoaPlatform.Bench.Measuring;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Persistence;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace PoaPlatform.Bench.Xlsx;

/// <summary>
/// <c>xlsx</c>: the default city written as .xlsx (seed layout and flat) and read by the importer, beside the text
/// parser on the same city; the two libraries served (Open XML SDK, MiniExcel) reading every cell of the same
/// workbook; and an upload of the large city (400 departments) to <c>POST /import</c> of the real server, end to end.
/// </summary>
public static class XlsxBenchmark
{
    public const string Command = "dotnet bench/PoaPlatform.Bench/bin/Release/net10.0/PoaPlatform.Bench.dll xlsx";

    private const int Iterations = 5;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var city = CityRun.Create(options.Shape);
        Output.Write(options, await MeasureAsync(city, options));
        return 0;
    }

    /// <param name="saveUpload">Also save the large city's text upload (the <c>all</c> command does not: its import
    /// section saves the same city through the same endpoint on SQLite and PostgreSQL).</param>
    public static async Task<Report> MeasureAsync(CityRun city, BenchOptions options, bool saveUpload = true)
    {
        var seedLayout = Write(s => PoaXlsx.Write(city.Document, s));
        var flat = Write(s => PoaXlsx.WriteFlat(city.Document, s));
        var text = Encoding.UTF8.GetBytes(city.Text);
        var lines = city.Text.AsSpan().Count('\n') + 1;
        Console.Error.WriteLine($"Workbooks of {city.Shape}: seed layout {seedLayout.Length:N0} bytes, flat {flat.Length:N0} bytes; text {text.Length:N0} bytes.");

        var rows = new List<string[]>();
        var seedRows = CountRows(seedLayout);
        var flatRows = CountRows(flat);
        rows.Add(Row("text (tab-separated, UTF-8)", text.Length, lines, city.Shape, () => PoaReader.ReadWithSource(new MemoryStream(text), "city.txt")));
        rows.Add(Row($"xlsx, seed layout ({city.Shape.TotalActions + city.Shape.Departments:N0} sheets)", seedLayout.Length, seedRows, city.Shape,
            () => PoaReader.ReadWithSource(new MemoryStream(seedLayout), "city.xlsx")));
        rows.Add(Row("xlsx, flat (one sheet)", flat.Length, flatRows, city.Shape, () => PoaReader.ReadWithSource(new MemoryStream(flat), "city.xlsx")));

        var libraries = new List<string[]>
        {
            Library("DocumentFormat.OpenXml 3.3.0: package, XmlReader on each part (as XlsxWorkbook)", seedLayout, PackageXmlCells),
            Library("DocumentFormat.OpenXml 3.3.0: OpenXmlReader (the SDK's SAX reader)", seedLayout, OpenXmlCells),
            Library("MiniExcel 1.46.0: Query per sheet", seedLayout, MiniExcelCells),
            Library("DocumentFormat.OpenXml 3.3.0: package, XmlReader on each part (as XlsxWorkbook)", flat, PackageXmlCells, "flat"),
            Library("DocumentFormat.OpenXml 3.3.0: OpenXmlReader (the SDK's SAX reader)", flat, OpenXmlCells, "flat"),
            Library("MiniExcel 1.46.0: Query per sheet", flat, MiniExcelCells, "flat"),
        };

        var uploads = await UploadAsync(options, saveUpload);

        var report = new Report()
            .Line("## Import: .xlsx beside text")
            .Line()
            .Line($"The default city ({city.Shape}: {city.Shape.TotalActions:N0} actions, {city.Shape.TotalActivities:N0} activities) written by `PoaXlsx` " +
                  "in the seed layout (a sheet per action and a summary sheet per department) and in the flat layout (one row per activity), and by " +
                  "`PoaWriter` as text; each read by `PoaReader.ReadWithSource` from memory (bytes → model with findings). " +
                  $"Median of {Iterations} runs after one warm-up; peak heap is the largest managed heap seen (sampled every millisecond) above the heap before the run.")
            .Line()
            .Table(["input", "size", "rows", "median", "MB/s", "rows/s", "activities/s", "allocated", "peak heap"], rows)
            .Line("### Reading every cell: the two libraries the registry serves")
            .Line()
            .Line("Each way reads every cell value of every sheet of the same workbooks (as text, nothing else): the SDK opening the package and an " +
                  "`XmlReader` on each part (what `XlsxWorkbook` does), the SDK's own `OpenXmlReader` over each part, and MiniExcel's " +
                  "`Query(stream, sheetName)` for each name of `GetSheetNames`. Median of 3 runs after one warm-up. This is what decided the library " +
                  "(docs/decisions/0005-excel-import-and-export.md).")
            .Line()
            .Table(["library", "workbook", "cells", "median", "MB/s", "allocated", "peak heap"], libraries)
            .Line("### Upload of the large city, end to end")
            .Line()
            .Line("`POST /import` (multipart/form-data, admin token) to the real server on SQLite; the time is from sending the file to the last byte of the " +
                  "answer: the upload streamed to a temporary file, the read, and for the saved upload every department described and its actions imported " +
                  "(each action's state and audit rows in a transaction shared with the other writes of that moment), then the city's totals." +
                  (saveUpload ? "" : " The saved upload of the same city is in the import section (SQLite and PostgreSQL)."))
            .Line()
            .Table(["file", "size", "dry run", "time", "actions", "actions/s"], uploads);
        return report;
    }

    private static byte[] Write(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }

    private static string[] Row(string input, long bytes, long rows, CityShape shape, Func<PoaReadResult> read)
    {
        var check = read();
        if (check.Document.Totals.Actions != shape.TotalActions || check.Document.Totals.Activities != shape.TotalActivities)
            throw new InvalidOperationException($"{input} read {check.Document.Totals.Actions} actions, {check.Document.Totals.Activities} activities.");
        var (median, allocated, peak) = Measure(() => read());
        return [input, Mb(bytes), rows.ToString("N0", CultureInfo.InvariantCulture), Ms(median), Report.F(bytes / 1e6 / median.TotalSeconds, 1),
            Report.F(rows / median.TotalSeconds, 0), Report.F(shape.TotalActivities / median.TotalSeconds, 0), Mb(allocated), Mb(peak)];
    }

    private static string[] Library(string name, byte[] workbook, Func<byte[], long> read, string layout = "seed layout")
    {
        var cells = read(workbook);
        var (median, allocated, peak) = Measure(() => read(workbook), iterations: 3);
        return [name, layout, cells.ToString("N0", CultureInfo.InvariantCulture), Ms(median), Report.F(workbook.Length / 1e6 / median.TotalSeconds, 1), Mb(allocated), Mb(peak)];
    }

    /// <summary>Median time, bytes allocated (median run) and peak managed heap above the heap before the run.</summary>
    private static (TimeSpan Median, long Allocated, long Peak) Measure(Action run, int iterations = Iterations)
    {
        run();
        var times = new List<TimeSpan>();
        var allocations = new List<long>();
        long peak = 0;
        for (var i = 0; i < iterations; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var baseline = GC.GetTotalMemory(true);
            long highest = baseline;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    highest = Math.Max(highest, GC.GetTotalMemory(false));
                    Thread.Sleep(1);
                }
            });
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            run();
            watch.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            highest = Math.Max(highest, GC.GetTotalMemory(false));
            stop.Cancel();
            sampler.Wait();
            times.Add(watch.Elapsed);
            allocations.Add(allocated);
            peak = Math.Max(peak, highest - baseline);
        }
        times.Sort();
        allocations.Sort();
        return (times[times.Count / 2], allocations[allocations.Count / 2], peak);
    }

    private static long CountRows(byte[] workbook)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        long rows = 0;
        foreach (var part in document.WorkbookPart!.WorksheetParts)
        {
            using var reader = OpenXmlReader.Create(part);
            while (reader.Read())
            {
                if (reader.ElementType == typeof(X.Row) && reader.IsStartElement)
                    rows++;
            }
        }
        return rows;
    }

    private static long OpenXmlCells(byte[] workbook)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        var part = document.WorkbookPart!;
        var strings = new List<string>();
        if (part.SharedStringTablePart is { } shared)
        {
            using var reader = OpenXmlReader.Create(shared);
            while (reader.Read())
            {
                if (reader.ElementType == typeof(X.Text) && reader.IsStartElement)
                    strings.Add(reader.GetText());
            }
        }
        long cells = 0;
        foreach (var sheet in part.Workbook.Sheets!.Elements<X.Sheet>())
        {
            using var reader = OpenXmlReader.Create((WorksheetPart)part.GetPartById(sheet.Id!));
            while (reader.Read())
            {
                if ((reader.ElementType == typeof(X.CellValue) || reader.ElementType == typeof(X.Text)) && reader.IsStartElement && reader.GetText().Length >= 0)
                    cells++;
            }
        }
        return cells;
    }

    private static long PackageXmlCells(byte[] workbook)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        var part = document.WorkbookPart!;
        long cells = 0;
        var parts = new List<OpenXmlPart>();
        if (part.SharedStringTablePart is { } shared)
            parts.Add(shared);
        parts.AddRange(part.Workbook.Sheets!.Elements<X.Sheet>().Select(s => part.GetPartById(s.Id!)));
        foreach (var xmlPart in parts)
        {
            using var xml = System.Xml.XmlReader.Create(xmlPart.GetStream(FileMode.Open, FileAccess.Read));
            while (xml.Read())
            {
                if (xml.NodeType == System.Xml.XmlNodeType.Element && xml.LocalName is "v" or "t")
                {
                    _ = xml.ReadElementContentAsString();
                    if (xmlPart is WorksheetPart)
                        cells++;
                }
            }
        }
        return cells;
    }

    private static long MiniExcelCells(byte[] workbook)
    {
        using var stream = new MemoryStream(workbook);
        long cells = 0;
        foreach (var name in stream.GetSheetNames())
        {
            stream.Position = 0;
            foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false, sheetName: name))
            {
                foreach (var value in row.Values)
                {
                    if (value is not null && Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 })
                        cells++;
                }
            }
        }
        return cells;
    }

    /// <summary>The large city (400 departments unless --upload-departments says otherwise) uploaded as a workbook
    /// and as text: dry runs (upload and read only), then the workbook saved.</summary>
    private static async Task<List<string[]>> UploadAsync(BenchOptions options, bool save)
    {
        var shape = options.Shape with { Departments = options.Int("upload-departments", 400) };
        var (document, text) = GenerateCommand.Build(shape);
        var files = new[]
        {
            (Name: "city.xlsx", Label: "xlsx, seed layout", Bytes: Write(s => PoaXlsx.Write(document, s))),
            (Name: "city.txt", Label: "text", Bytes: Encoding.UTF8.GetBytes(text)),
        };
        var rows = new List<string[]>();
        await using var server = await BenchServer.StartAsync(StorageProvider.Sqlite);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(15) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);
        // One small workbook and one small text first, unrecorded: the server's first upload compiles the reading code.
        var small = CityGenerator.Generate(shape with { Departments = 2 });
        foreach (var (name, bytes) in new[] { ("warm.xlsx", Write(s => PoaXlsx.Write(small, s))), ("warm.txt", Encoding.UTF8.GetBytes(PoaWriter.Write(small))) })
        {
            using var warm = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
            using var answer = await http.PostAsync(new Uri("/import?dryRun=true", UriKind.Relative), warm);
            answer.EnsureSuccessStatusCode();
        }
        foreach (var (file, dryRun) in new[] { (files[1], true), (files[0], true), (files[1], false) }.Where(u => save || u.Item2))
        {
            Console.Error.WriteLine($"Uploading {file.Label} of {shape} ({file.Bytes.Length:N0} bytes), dry run {dryRun}...");
            using var form = new MultipartFormDataContent { { new ByteArrayContent(file.Bytes), "file", file.Name } };
            var watch = Stopwatch.StartNew();
            using var response = await http.PostAsync(new Uri($"/import?dryRun={(dryRun ? "true" : "false")}", UriKind.Relative), form);
            var body = await response.Content.ReadAsStringAsync();
            watch.Stop();
            var payload = JsonNode.Parse(body)?["data"]?["importPoa"] ?? throw new InvalidOperationException($"POST /import answered {(int)response.StatusCode}: {GraphQLClient.Shorten(body)}");
            var actions = payload["totals"]!["actions"]!.GetValue<int>();
            var imported = payload["importedActions"]!.GetValue<int>();
            if (actions != shape.TotalActions)
                throw new InvalidOperationException($"POST /import read {actions} actions of {shape.TotalActions}.");
            if (!dryRun && imported != shape.TotalActions)
            {
                // Refused in part (e.g. departments beyond the POA's limit): said, and no rate.
                var first = (JsonNode.Parse(body)?["errors"] as JsonArray)?.FirstOrDefault()?["message"]?.GetValue<string>();
                Console.Error.WriteLine($"ERROR: POST /import saved {imported} of {shape.TotalActions} actions: {first}");
                rows.Add([$"{file.Label}, {shape}", Mb(file.Bytes.Length), "no (saved)", Report.F(watch.Elapsed.TotalSeconds, 1) + " s",
                    $"**{imported:N0} of {shape.TotalActions:N0} saved: refused (\"{GraphQLClient.Shorten(first ?? "").ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal)}\")**", "-"]);
                continue;
            }
            Console.Error.WriteLine($"  {watch.Elapsed.TotalSeconds:N1} s");
            rows.Add([$"{file.Label}, {shape}", Mb(file.Bytes.Length), dryRun ? "yes" : "no (saved)", Report.F(watch.Elapsed.TotalSeconds, 1) + " s",
                (dryRun ? actions : imported).ToString("N0", CultureInfo.InvariantCulture), Report.F((dryRun ? actions : imported) / watch.Elapsed.TotalSeconds, 0)]);
        }
        return rows;
    }

    private static string Mb(long bytes) => Report.F(bytes / 1e6, 1) + " MB";

    private static string Ms(TimeSpan time) => Report.F(time.TotalMilliseconds, 0) + " ms";
}
