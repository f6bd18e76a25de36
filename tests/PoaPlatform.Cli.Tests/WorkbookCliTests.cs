using System.Text.Json;
using PoaPlatform.Testing;

namespace PoaPlatform.Cli.Tests;

/// <summary>`poa validate` and `poa convert` with workbooks, and findings in Spanish.</summary>
public class WorkbookCliTests
{
    private static JsonElement Totals(string output) => JsonDocument.Parse(output).RootElement.GetProperty("totals");

    [Theory]
    [InlineData("xlsx")]
    [InlineData("xlsx-flat")]
    public void ConvertToAWorkbookWritesOneThatValidatesToTheSameTotals(string format)
    {
        using var workbook = Samples.WriteTemp("", ".xlsx");
        var converted = PoaProcess.Run("convert", Samples.SeedPath, "--to", format, "--output", workbook.Path);
        Assert.Equal((0, "", ""), (converted.ExitCode, converted.Output, converted.Error));
        Assert.Equal((byte)'P', File.ReadAllBytes(workbook.Path)[0]);

        var validated = PoaProcess.Run("validate", workbook.Path, "--json");
        Assert.Equal(0, validated.ExitCode);
        Assert.Equal(Totals(PoaProcess.Run("validate", Samples.SeedPath, "--json").Output).GetRawText(), Totals(validated.Output).GetRawText());
        var summary = PoaProcess.Run("validate", workbook.Path);
        Assert.Contains("$7,458,446.61", summary.Output, StringComparison.Ordinal);
        Assert.Matches(format == "xlsx" ? @"\n  'Acción 4'!G8: ACTION_INVESTMENT_MISMATCH" : @"\n  'POA'!L\d+: ACTION_INVESTMENT_MISMATCH", summary.Output);
    }

    [Fact]
    public void ConvertToXlsxWithoutOutputWritesTheWorkbookToStandardOutput()
    {
        var converted = PoaProcess.Run("convert", Samples.SeedPath, "--to", "xlsx");
        Assert.Equal(0, converted.ExitCode);
        Assert.Equal(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, converted.OutputBytes[..4]);
    }

    [Fact]
    public void ValidateInSpanishPrintsTheFindingsInSpanish()
    {
        var result = PoaProcess.Run("validate", Samples.SeedPath, "--lang", "es");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("línea 47, columna 7: ACTION_INVESTMENT_MISMATCH: La acción 4 «Comunicación institucional» declara una inversión de $4,181,100.00", result.Output, StringComparison.Ordinal);
        Assert.Contains("9 acciones, 20 actividades", result.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(PoaProcess.Run("validate", Samples.SeedPath, "--json", "--lang", "es").Output);
        var finding = json.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "ACTION_INVESTMENT_MISMATCH");
        Assert.StartsWith("La acción 4", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("4181100.00", finding.GetProperty("parameters").GetProperty("declared").GetString());
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("text renamed")]
    [InlineData("old xls")]
    public void AFileThatIsNoReadableWorkbookExitsWithTwoAndOneClearError(string kind)
    {
        using var workbook = Samples.WriteTemp("", ".xlsx");
        PoaProcess.Run("convert", Samples.SeedPath, "--to", "xlsx", "--output", workbook.Path);
        var bytes = File.ReadAllBytes(workbook.Path);
        File.WriteAllBytes(workbook.Path, kind switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "text renamed" => File.ReadAllBytes(Samples.SeedPath),
            _ => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[1000]],
        });
        foreach (var command in new[] { new[] { "validate", workbook.Path }, ["convert", workbook.Path, "--to", "csv"] })
        {
            var result = PoaProcess.Run(command);
            Assert.Equal(2, result.ExitCode);
            Assert.Empty(result.Output);
            var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.StartsWith($"error: {workbook.Path}: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("hint: ", lines[1], StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        }
    }
}
