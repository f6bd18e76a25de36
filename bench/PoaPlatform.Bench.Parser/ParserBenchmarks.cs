using System.Text;
using BenchmarkDotNet.Attributes;
using PoaPlatform.Bench.Generation;
using PoaPlatform.Domain.Import;

namespace PoaPlatform.Bench.Parser;

/// <summary>Reads the default synthetic city (40 × 25 × 8) as the importer does: text → PoaDocument with findings.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private string _text = "";
    private byte[] _bytes = [];

    /// <summary>The city's text, written once by PoaWriter; the same for every process of the run.</summary>
    public static string CityText { get; } = PoaWriter.Write(CityGenerator.Generate(new CityShape()));

    /// <summary>UTF-8 size of <see cref="CityText"/>: the bytes an import reads.</summary>
    public static int CityBytes { get; } = Encoding.UTF8.GetByteCount(CityText);

    [GlobalSetup]
    public void Setup()
    {
        _text = CityText;
        _bytes = Encoding.UTF8.GetBytes(_text);
    }

    /// <summary>Parsing alone: the string is already decoded.</summary>
    [Benchmark(Baseline = true)]
    public int Read() => PoaReader.Read(_text).Departments.Count;

    /// <summary>What importing a file costs: decode the bytes (strict UTF-8), then parse.</summary>
    [Benchmark]
    public int DecodeAndRead() => PoaReader.Read(PoaReader.Decode(_bytes)).Departments.Count;
}
