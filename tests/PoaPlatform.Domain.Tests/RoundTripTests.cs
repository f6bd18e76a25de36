using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Testing;

namespace PoaPlatform.Domain.Tests;

public class RoundTripTests
{
    [Fact]
    public void ReadingWhatTheWriterWroteGivesTheSameModel()
    {
        var seed = PoaReader.Read(Samples.SeedText);
        var written = PoaWriter.Write(seed);
        Assert.Equal(PoaJson.Serialize(seed), PoaJson.Serialize(PoaReader.Read(written)));
    }

    [Fact]
    public void WritingTwiceGivesTheSameText()
    {
        var once = PoaWriter.Write(PoaReader.Read(Samples.SeedText));
        Assert.Equal(once, PoaWriter.Write(PoaReader.Read(once)));
    }

    [Fact]
    public void TheWriterWritesASummarySheetWithItsTotal()
    {
        var written = PoaWriter.Write(PoaReader.Read(Samples.SeedText));
        Assert.Contains("1\tGasto operativo\t$ 1,505,186.61\n", written, StringComparison.Ordinal);
        Assert.Contains("\tTotal\t$ 7,458,446.61\n", written, StringComparison.Ordinal);
        Assert.Equal(6, written.Split("PROGRAMA OPERATIVO ANUAL 2021").Length - 1);
    }

    [Fact]
    public void TabsAndLineBreaksInsideTextsBecomeSpaces()
    {
        var seed = PoaReader.Read(Samples.SeedText);
        var department = seed.Departments[0];
        var renamed = seed with
        {
            Departments = [department with { Actions = [.. department.Actions.Select(a => a with { Goal = "Meta\tcon\r\nsaltos" })] }],
        };
        var reread = PoaReader.Read(PoaWriter.Write(renamed));
        var detailed = reread.Departments[0].Actions.Where(PoaWriter.HasDetail).ToList();
        Assert.Equal(renamed.Departments[0].Actions.Count(PoaWriter.HasDetail), detailed.Count);
        Assert.NotEmpty(detailed);
        Assert.All(detailed, a => Assert.Equal("Meta con  saltos", a.Goal));
    }
}
