using PoaPlatform.Bench.Generation;
using PoaPlatform.Domain.Model;

namespace PoaPlatform.Bench.Hosting;

/// <summary>The city every benchmark of a run uses: generated once, written once.</summary>
public sealed record CityRun(CityShape Shape, PoaDocument Document, string Text)
{
    public static CityRun Create(CityShape shape)
    {
        var (document, text) = GenerateCommand.Build(shape);
        GenerateCommand.Verify(document, text);
        return new CityRun(shape, document, text);
    }
}
