using System.Diagnostics;
using System.Text;
using PoaPlatform.Domain.Import;
using PoaPlatform.Domain.Model;

namespace PoaPlatform.Bench.Generation;

/// <summary><c>generate</c>: writes a synthetic city in the seed layout and reads it back through the real importer.</summary>
public static class GenerateCommand
{
    public static int Run(BenchOptions options)
    {
        var shape = options.Shape;
        var output = Path.GetFullPath(options.String("output") ?? $"poa-{shape.Year}-city-{shape.Departments}x{shape.Actions}x{shape.Activities}.txt");
        var (document, text) = Build(shape);
        File.WriteAllText(output, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Console.Error.WriteLine($"Wrote {output}: {Encoding.UTF8.GetByteCount(text):N0} bytes.");
        Verify(document, text);
        return 0;
    }

    /// <summary>Generates the city with progress on stderr and writes it with <see cref="PoaWriter"/>.</summary>
    public static (PoaDocument Document, string Text) Build(CityShape shape)
    {
        var watch = Stopwatch.StartNew();
        var step = Math.Max(1, shape.Departments / 10);
        Console.Error.WriteLine($"Generating a city of {shape}: {shape.TotalActions:N0} actions, {shape.TotalActivities:N0} activities.");
        var document = CityGenerator.Generate(shape, done =>
        {
            if (done % step == 0 || done == shape.Departments)
                Console.Error.WriteLine($"  departments {done}/{shape.Departments}");
        });
        var text = PoaWriter.Write(document);
        Console.Error.WriteLine($"Generated and written in {watch.Elapsed.TotalSeconds:N1} s: {text.Length:N0} characters.");
        return (document, text);
    }

    /// <summary>Reads the text back and checks it is the generated city: departments, actions, activities, investment.</summary>
    public static PoaDocument Verify(PoaDocument expected, string text)
    {
        var watch = Stopwatch.StartNew();
        var read = PoaReader.Read(text);
        var (want, got) = (expected.Totals, read.Totals);
        if (read.Departments.Count != expected.Departments.Count || got.Actions != want.Actions ||
            got.Activities != want.Activities || got.Investment != want.Investment)
        {
            throw new InvalidOperationException(
                $"The importer read {read.Departments.Count} departments, {got.Actions} actions, {got.Activities} activities, {Money.Format(got.Investment)}; " +
                $"generated {expected.Departments.Count}, {want.Actions}, {want.Activities}, {Money.Format(want.Investment)}.");
        }
        Console.Error.WriteLine($"Read back by PoaReader in {watch.ElapsedMilliseconds} ms: {read.Departments.Count} departments, {got.Actions:N0} actions, " +
                                $"{got.Activities:N0} activities, {Money.Format(got.Investment)}, {read.Findings.Count} findings.");
        return read;
    }
}
