using PoaPlatform.Domain.Import;
using PoaPlatform.Domain.Model;
using PoaPlatform.Testing;

namespace PoaPlatform.Domain.Tests;

/// <summary>What a read keeps of its input: one string per repeated short text, the months' arrays as they were read.</summary>
public class ReadMemoryTests
{
    private static IEnumerable<Activity> Activities(PoaDocument document) =>
        document.Departments.SelectMany(d => d.Actions).SelectMany(a => a.Activities);

    /// <summary>The seed's lines of the first activity of actions 2 and 3.</summary>
    private static readonly int[] ActivityLines = [17, 33];

    public static TheoryData<string> Shapes => ["text", "workbook"];

    private static PoaDocument Read(string shape, string text) => shape == "text"
        ? PoaReader.Read(text)
        : PoaReader.ReadWithSource(new MemoryStream(Workbooks.ByMiniExcel(text, sheetPerBlock: false)), "poa.xlsx").Document;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AShortTextRepeatedInTheInputIsOneString(string shape)
    {
        var activities = Activities(Read(shape, Samples.SeedText)).ToList();
        var repeated = activities.GroupBy(a => a.ResponsibleArea, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        Assert.NotEmpty(repeated);
        foreach (var area in repeated)
            Assert.All(area, a => Assert.Same(area.First().ResponsibleArea, a.ResponsibleArea));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ALongTextIsReadWhole(string shape)
    {
        // Two activities with the same description of 120 characters: both read it whole and alike.
        var long120 = new string('x', 20) + " " + string.Concat(Enumerable.Repeat("descripción ", 8)) + new string('y', 3);
        Assert.True(long120.Length > 100);
        var text = SeedEdits.Edit(lines =>
        {
            foreach (var line in ActivityLines)
            {
                var cells = lines[line - 1].Split('\t');
                cells[0] = long120;
                lines[line - 1] = string.Join('\t', cells);
            }
            return lines;
        });
        var described = Activities(Read(shape, text)).Where(a => a.Description.Equals(long120, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, described.Count);
        Assert.Equal(described[0].Description, described[1].Description);
    }

    [Fact]
    public void AReadAfterALongerOneReadsOnlyItsOwnRows()
    {
        // The rows of a text live in an array rented from a pool and returned after the read: the next, shorter read
        // gets the same array (one row longer than the seed keeps both in the pool's size of array, and the reads
        // run on one thread) and must stop at its own last row: the longer one's last row would be an unread cell.
        static string Findings(PoaDocument document) => string.Join('\n', document.Findings.Select(f => $"{f.Code} {f.Message}"));
        var before = PoaReader.Read(Samples.SeedText);
        var longer = PoaReader.Read(Samples.SeedText.TrimEnd('\n') + "\n\n\t\tcelda suelta");
        var after = PoaReader.Read(Samples.SeedText);

        Assert.Contains("celda suelta", Findings(longer), StringComparison.Ordinal);
        Assert.DoesNotContain("celda suelta", Findings(after), StringComparison.Ordinal);
        Assert.Equal(Findings(before), Findings(after));
        Assert.Equal(PoaWriter.Write(before), PoaWriter.Write(after));
    }

    [Fact]
    public void AYearReadKeepsItsMonthsAndOnlyExactZerosAreTheSharedZero()
    {
        var months = new decimal[12];
        Assert.Same(MonthlyValues.Zero, MonthlyValues.Of(months));
        months[0] = 0.00m;
        Assert.NotSame(MonthlyValues.Zero, MonthlyValues.Of(months));
        months[11] = 7m;
        var year = MonthlyValues.Of(months);
        Assert.Equal(7m, year.OfMonth(12));
        Assert.Equal(7m, year.CheckedTotal());
        Assert.Throws<ArgumentException>(() => MonthlyValues.Of(new decimal[11]));
    }

    [Fact]
    public void AYearWhoseTotalDoesNotFitHasNoCheckedTotal()
    {
        var months = new decimal[12];
        months[0] = decimal.MaxValue;
        months[1] = decimal.MaxValue;
        Assert.Null(MonthlyValues.Of(months).CheckedTotal());
    }
}
