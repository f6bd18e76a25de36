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
        var read = PoaReader.Read(PoaWriter.Write(seed));
        Assert.Equal(PoaJson.Serialize(seed with { Findings = [] }), PoaJson.Serialize(read with { Findings = [] }));
        // The same findings; the writer keeps the lines of the seed's first blocks only, so lines are not compared.
        Assert.Equal(seed.Findings.Select(f => f.Message).Order(), read.Findings.Select(f => f.Message).Order());
        Assert.Equal(47, Assert.Single(read.Findings.Problems()).Line);
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
    public void TabsLineBreaksAndQuotesInsideTextsAreQuotedAsExcelQuotesThemAndKept()
    {
        var seed = PoaReader.Read(Samples.SeedText);
        var department = seed.Departments[0];
        const string goal = "\"Meta\"\tcon\nsaltos y \"comillas\"";
        var renamed = seed with
        {
            Departments = [department with { Actions = [.. department.Actions.Select(a => a with { Goal = goal })] }],
        };
        var written = PoaWriter.Write(renamed);
        Assert.Contains("\"\"\"Meta\"\"\tcon\nsaltos y \"\"comillas\"\"\"", written, StringComparison.Ordinal);
        var reread = PoaReader.Read(written);
        Assert.All(reread.Departments[0].Actions, a => Assert.Equal(goal, a.Goal));
        Assert.Equal(PoaJson.Serialize(renamed with { Findings = reread.Findings }), PoaJson.Serialize(reread));
    }
}
