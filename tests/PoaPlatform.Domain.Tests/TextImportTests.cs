using System.Text;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Testing;
using static PoaPlatform.Domain.Tests.SeedEdits;

namespace PoaPlatform.Domain.Tests;

/// <summary>Excel's own text exports: quoted cells, and the encodings its "Guardar como" writes.</summary>
public class TextImportTests
{
    private static readonly string SeedJson = PoaJson.Serialize(PoaReader.Read(Samples.SeedText));

    private static PoaDocument ReadBytes(byte[] bytes, string name = "poa.txt") => PoaReader.ReadWithSource(new MemoryStream(bytes), name).Document;

    [Fact]
    public void AQuotedCellWithALineBreakIsOneDescriptionAndNotAnExtraActivity()
    {
        // Activity 1 of action 2 (line 17), as Excel writes a cell with Alt+Enter inside.
        var text = ReplaceOnLine(17, "Recepción de documentación (oficios", "\"Recepción de documentación\nrecibida (oficios");
        text = text.Replace("institucional).\tOficialía", "institucional).\"\tOficialía", StringComparison.Ordinal);
        var document = PoaReader.Read(text);
        var activity = Assert.Single(document.Departments[0].Actions.Single(a => a.Number == 2).Activities);
        Assert.StartsWith("Recepción de documentación\nrecibida (oficios", activity.Description, StringComparison.Ordinal);
        Assert.Equal("Oficialía de Partes", activity.ResponsibleArea);
        Assert.Equal(4400m, activity.AnnualTarget);
        Assert.Equal(20, document.Totals.Activities);
        Assert.DoesNotContain(document.Findings, f => f.Code == FindingCodes.UnreadCell);
    }

    [Fact]
    public void AQuotedCellHoldsTabsAndDoubledQuotes()
    {
        var text = ReplaceOnLine(8, "Recepción de correspondencia", "\"Recepción \"\"de\"\"\tcorrespondencia\"");
        var action = PoaReader.Read(text).Departments[0].Actions.Single(a => a.Number == 2);
        Assert.Equal("Recepción \"de\"\tcorrespondencia", action.Name);
        Assert.Equal(new PoaPlatform.Domain.Model.Beneficiaries(1950, 2250), action.Beneficiaries);
    }

    [Fact]
    public void LinesAfterAMultiLineCellKeepTheirNumbersInFindingsAndErrors()
    {
        // Three line breaks inside a cell of line 8: the heading of the next block is still reported at its own line.
        var text = ReplaceOnLine(8, "Recepción de correspondencia", "\"Recepción\nde\ncorrespondencia\n\"");
        var finding = Assert.Single(PoaReader.Read(text).Findings.Problems());
        Assert.Equal(47 + 3, finding.Line);
        var broken = text.Replace("\t4,400\t350\t", "\t4,400\tcuatrocientos\t", StringComparison.Ordinal);
        var error = Assert.Throws<PoaFormatException>(() => PoaReader.Read(broken));
        Assert.Equal((17 + 3, 7), (error.Line, error.Column));
    }

    [Fact]
    public void AnErrorInsideAMultiLineRowNamesTheLineWhereItsCellStarts()
    {
        var text = ReplaceOnLine(17, "Recepción de documentación", "\"Recepción\nde documentación\"");
        var error = Assert.Throws<PoaFormatException>(() => PoaReader.Read(text.Replace("\t4,400\t350\t", "\t4,400\tcuatrocientos\t", StringComparison.Ordinal)));
        Assert.Equal((18, 7, "cuatrocientos"), (error.Line, error.Column, error.Value));
    }

    [Fact]
    public void AQuoteThatNeverClosesIsOneErrorAtTheLineWhereTheCellStarts()
    {
        var error = Assert.Throws<PoaFormatException>(() => PoaReader.Read(ReplaceOnLine(17, "Recepción de documentación", "\"Recepción de documentación")));
        Assert.Equal((17, 1), (error.Line, error.Column));
        Assert.Contains("closing quote", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AQuoteInsideAnUnquotedCellIsText()
    {
        var action = PoaReader.Read(ReplaceOnLine(8, "Recepción de correspondencia", "Recepción de \"correspondencia\"")).Departments[0].Actions[1];
        Assert.Equal("Recepción de \"correspondencia\"", action.Name);
    }

    [Fact]
    public void Windows1252FromExcelOnWindowsKeepsAccentsCurlyQuotesAndDashes()
    {
        var text = ReplaceOnLine(8, "Recepción de correspondencia", "Recepción “urgente” – correspondencia");
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text);
        Assert.Contains((byte)0x93, bytes);
        Assert.Contains((byte)0x96, bytes);
        var action = ReadBytes(bytes).Departments[0].Actions[1];
        Assert.Equal("Recepción “urgente” – correspondencia", action.Name);
        Assert.Equal("Secretaría Particular", ReadBytes(bytes).Departments[0].Name);
    }

    [Theory]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16be-bom")]
    [InlineData("utf-8-bom")]
    [InlineData("utf-8")]
    [InlineData("windows-1252")]
    public void EveryEncodingExcelWritesReadsTheSeedTheSame(string encoding)
    {
        var bytes = encoding switch
        {
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Samples.SeedText)],
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Samples.SeedText)],
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Samples.SeedText)],
            "utf-8" => Encoding.UTF8.GetBytes(Samples.SeedText),
            _ => CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(Samples.SeedText),
        };
        Assert.Equal(SeedJson, PoaJson.Serialize(ReadBytes(bytes)));
    }

    [Fact]
    public void BytesNoEncodingDecodesGiveOneErrorNamingTheEncodingsTried()
    {
        // 0x81 is undefined in Windows-1252 and not UTF-8.
        var bytes = Encoding.UTF8.GetBytes("PROGRAMA OPERATIVO ANUAL 2021\n").Concat(new byte[] { 0x81, 0x81, 0x0A }).ToArray();
        var error = Assert.Throws<PoaFormatException>(() => ReadBytes(bytes));
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains("UTF-16", error.Message, StringComparison.Ordinal);
        Assert.Contains("Windows-1252", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABrokenUtf16FileIsOneErrorNotAGuess()
    {
        byte[] bytes = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("PROGRAMA"), 0x00, 0xD8, 0x41, 0x00];
        var error = Assert.Throws<PoaFormatException>(() => ReadBytes(bytes));
        Assert.Contains("UTF-16 LE", error.Message, StringComparison.Ordinal);
    }
}
