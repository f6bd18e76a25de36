using PoaPlatform.Domain.Import;
using PoaPlatform.Testing;
using static PoaPlatform.Domain.Tests.SeedEdits;

namespace PoaPlatform.Domain.Tests;

public class ImportErrorTests
{
    [Fact]
    public void AMonthWrittenInWordsIsRejectedWithItsLineAndColumn()
    {
        var error = Assert.Throws<PoaFormatException>(() => PoaReader.Read(ReplaceOnLine(17, "\t4,400\t350\t", "\t4,400\tcuatrocientos\t")));
        Assert.Equal((17, 7, "cuatrocientos"), (error.Line, error.Column, error.Value));
        Assert.Contains("line 17, column 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("ENE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANonNumericActionNumberIsRejected()
    {
        var error = Assert.Throws<PoaFormatException>(() => PoaReader.Read(ReplaceOnLine(10, "\t2\t", "\tdos\t")));
        Assert.Equal((10, 7, "dos"), (error.Line, error.Column, error.Value));
    }

    [Fact]
    public void ANonNumericSummaryNumberIsRejected()
    {
        var line = LineStartingWith("1\tGasto");
        var error = Assert.Throws<PoaFormatException>(() => PoaReader.Read(ReplaceOnLine(line, "1\tGasto", "uno\tGasto")));
        Assert.Equal((line, 1, "uno"), (error.Line, error.Column, error.Value));
    }

    [Fact]
    public void ABlockCutShortIsRejected()
    {
        var error = Assert.Throws<PoaFormatException>(() => PoaReader.Read(Edit(lines => lines[..45])));
        Assert.Equal(45, error.Line);
        Assert.Contains("cut short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABlockWithoutItsNumberLabelIsRejectedAtItsHeading()
    {
        var error = Assert.Throws<PoaFormatException>(() => PoaReader.Read(ReplaceOnLine(44, "NÚMERO DE ACCIÓN", "")));
        Assert.Equal(40, error.Line);
        Assert.Contains("NÚMERO DE ACCIÓN", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n\t\t\n")]
    [InlineData("hola\tmundo")]
    [InlineData("ACCIÓN\tINVERSIÓN\n1\tx\t$ 1.00")]
    public void TextWithoutAHeadingIsNotAPoa(string text) =>
        Assert.Throws<PoaFormatException>(() => PoaReader.Read(text));

    [Fact]
    public void AHeadingWithoutAYearIsRejected()
    {
        var error = Assert.Throws<PoaFormatException>(() => PoaReader.Read(ReplaceOnLine(5, " 2021", "")));
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void BlocksOfDifferentYearsAreRejected()
    {
        var error = Assert.Throws<PoaFormatException>(() => PoaReader.Read(ReplaceOnLine(21, "2021", "2022")));
        Assert.Equal((21, "2022"), (error.Line, error.Value));
    }

    [Fact]
    public void AnAmountTooLargeForAnyBudgetIsRejectedNotOverflowed()
    {
        var error = Assert.Throws<PoaFormatException>(() => PoaReader.Read(ReplaceOnLine(47, "4,181,100.00", "99999999999999999999999999999")));
        Assert.Equal(47, error.Line);
    }
}
