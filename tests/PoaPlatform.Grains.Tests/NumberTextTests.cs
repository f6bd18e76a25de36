using System.Globalization;
using PoaPlatform.Grains.Actions;

namespace PoaPlatform.Grains.Tests;

/// <summary>How the audit writes a figure: every digit, no trailing zeros, as the custom format it replaced.</summary>
public sealed class NumberTextTests
{
    [Theory]
    [InlineData("350.00", "350")]
    [InlineData("-350.50", "-350.5")]
    [InlineData("0.050", "0.05")]
    [InlineData("0.00", "0")]
    [InlineData("1000000.000", "1000000")]
    public void AFigureLosesItsTrailingZerosAndNothingElse(string stored, string written) =>
        Assert.Equal(written, ActionContent.Number(decimal.Parse(stored, CultureInfo.InvariantCulture)));

    [Fact]
    public void EdgeFiguresAreWrittenAsTheTrimmedCustomFormatWritesThem()
    {
        // One fact, not a theory: xUnit would fold the values equal as decimals (0, 0.00, -0.00) into one case.
        decimal[] edges =
        [
            0m, 0.00m, new decimal(0, 0, 0, isNegative: true, scale: 2), 350m, 350.00m, -350.50m, 0.5m, -0.05m, 1e-28m, -1e-28m,
            decimal.MaxValue, decimal.MinValue, 79228162514264337593543950335m / 1e28m, 1_000_000.000m, 12345678901234567890.123456789m,
        ];
        foreach (var value in edges)
            Assert.Equal(value.ToString(ActionContent.TrimmedFormat, CultureInfo.InvariantCulture), ActionContent.Number(value));
    }

    [Fact]
    public void ManyFiguresOfEveryScaleAndSignAreWrittenAsTheTrimmedCustomFormatWritesThem()
    {
        var random = new Random(2021);
        for (var i = 0; i < 20_000; i++)
        {
            var value = new decimal(random.Next(), random.Next(), i % 3 == 0 ? 0 : random.Next(), random.Next(2) == 0, (byte)random.Next(29));
            Assert.Equal(value.ToString(ActionContent.TrimmedFormat, CultureInfo.InvariantCulture), ActionContent.Number(value));
        }
    }
}
