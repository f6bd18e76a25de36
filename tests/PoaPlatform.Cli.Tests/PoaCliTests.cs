using System.Text.Json;
using PoaPlatform.Testing;

namespace PoaPlatform.Cli.Tests;

public class PoaCliTests
{
    [Fact]
    public void ValidatePrintsTotalsInPesosAndTheFindingWithItsCell()
    {
        var result = PoaProcess.Run("validate", Samples.SeedPath);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("POA 2021", result.Output, StringComparison.Ordinal);
        Assert.Contains("Secretaría Particular", result.Output, StringComparison.Ordinal);
        Assert.Contains("$7,458,446.61", result.Output, StringComparison.Ordinal);
        Assert.Contains("243,343 men / 255,607 women", result.Output, StringComparison.Ordinal);
        Assert.Contains("line 47, column 7: ACTION_INVESTMENT_MISMATCH", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public void ValidateStrictExitsWithOneWhenThereAreFindings() =>
        Assert.Equal(1, PoaProcess.Run("validate", Samples.SeedPath, "--strict").ExitCode);

    [Fact]
    public void ValidateJsonPrintsTheDocumentWithItsFindings()
    {
        var result = PoaProcess.Run("validate", Samples.SeedPath, "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(2021, json.RootElement.GetProperty("year").GetInt32());
        Assert.Equal("7458446.61", json.RootElement.GetProperty("totals").GetProperty("investment").GetRawText());
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        // Every action's indicator sheet is still to fill: info findings, besides the one warning.
        Assert.Equal(9, findings.Count(f => f.GetProperty("code").GetString() == "INDICATOR_INCOMPLETE" && f.GetProperty("severity").GetString() == "info"));
        var finding = Assert.Single(findings, f => f.GetProperty("severity").GetString() != "info");
        Assert.Equal(47, finding.GetProperty("line").GetInt32());
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
    }

    [Fact]
    public void ConvertToJsonWritesTheSameJsonAsValidate() =>
        Assert.Equal(PoaProcess.Run("validate", Samples.SeedPath, "--json").Output, PoaProcess.Run("convert", Samples.SeedPath, "--to", "json").Output);

    [Fact]
    public void ConvertToCsvWritesABomAndOneRowPerActivity()
    {
        var result = PoaProcess.Run("convert", Samples.SeedPath, "--to", "csv");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, result.OutputBytes[..3]);
        Assert.Equal(1 + 20 + 3, result.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void ConvertToCsvWithOutputWritesTheFile()
    {
        using var target = Samples.WriteTemp("", ".csv");
        var result = PoaProcess.Run("convert", Samples.SeedPath, "--to", "csv", "--output", target.Path);
        Assert.Equal((0, ""), (result.ExitCode, result.Output));
        var bytes = File.ReadAllBytes(target.Path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
    }

    [Fact]
    public void ConvertToPoaWritesTheSeedLayoutThatValidatesTheSame()
    {
        var converted = PoaProcess.Run("convert", Samples.SeedPath, "--to", "poa");
        Assert.Equal(0, converted.ExitCode);
        Assert.Contains("PROGRAMA OPERATIVO ANUAL 2021", converted.Output, StringComparison.Ordinal);
        using var file = Samples.WriteTemp(converted.Output);
        // The same document and findings; the written text keeps the lines of the seed's first blocks only, so the
        // findings of later blocks are compared without their lines.
        static string WithoutLines(string json) => System.Text.RegularExpressions.Regex.Replace(json, "\"line\": [0-9]+", "\"line\": 0");
        Assert.Equal(WithoutLines(PoaProcess.Run("validate", Samples.SeedPath, "--json").Output), WithoutLines(PoaProcess.Run("validate", file.Path, "--json").Output));
    }

    [Fact]
    public void ACorruptedFileExitsWithTwoAndOneClearErrorWithoutStackTrace()
    {
        using var file = Samples.WriteTemp(Samples.SeedText.Replace("\t4,400\t350\t", "\t4,400\tcuatrocientos\t", StringComparison.Ordinal));
        foreach (var command in new[] { new[] { "validate", file.Path }, ["convert", file.Path, "--to", "csv"] })
        {
            var result = PoaProcess.Run(command);
            Assert.Equal(2, result.ExitCode);
            Assert.Empty(result.Output);
            var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"error: {file.Path}:line 17, column 7: ENE must be a number. (found \"cuatrocientos\")", lines[0].TrimEnd('\r'));
            Assert.StartsWith("hint: ", lines[1], StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AValueBeyondItsRangeIsReportedWithItsPlaceAndExitsWithOne()
    {
        using var file = Samples.WriteTemp(Samples.SeedText.Replace("\t4,400\t350\t", "\t4,400\t2,000,000,000,000\t", StringComparison.Ordinal));

        var result = PoaProcess.Run("validate", file.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("1 value the platform refuses (an import stores the rest):", result.Output, StringComparison.Ordinal);
        Assert.Contains("  Secretaría Particular, action 2: activities[0].monthlyTargets[ENE]: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("is 2,000,000,000,000; a quantity is at most 1,000,000,000,000", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, PoaProcess.Run("validate", Samples.SeedPath).ExitCode);
    }

    [Fact]
    public void AMissingFileExitsWithTwoWithoutStackTrace()
    {
        var result = PoaProcess.Run("validate", "no-such-poa.txt");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: no-such-poa.txt: file not found", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
