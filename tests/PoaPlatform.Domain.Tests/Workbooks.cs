using System.Globalization;
using MiniExcelLibs;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Testing;

namespace PoaPlatform.Domain.Tests;

/// <summary>Workbooks made in the tests: the seed written by our writer, and by another program (MiniExcel).</summary>
internal static class Workbooks
{
    /// <summary>The seed as <see cref="PoaXlsx"/> writes it (a sheet per block, the summary sheet).</summary>
    public static byte[] SeedByOurWriter() => Write(stream => PoaXlsx.Write(PoaReader.Read(Samples.SeedText), stream));

    public static byte[] Write(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }

    /// <summary>The seed's cells as MiniExcel writes them: every amount and quantity a numeric cell, each block on a
    /// sheet of its own (and the summary on the last), or everything on one sheet.</summary>
    public static byte[] SeedByMiniExcel(bool sheetPerBlock) => ByMiniExcel(Samples.SeedText, sheetPerBlock);

    public static byte[] ByMiniExcel(string text, bool sheetPerBlock)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var sheets = new Dictionary<string, object>();
        var current = new List<string[]>();
        var name = "POA";
        foreach (var line in lines)
        {
            if (sheetPerBlock && line.StartsWith("PROGRAMA OPERATIVO ANUAL", StringComparison.Ordinal) && current.Any(r => r.Any(c => c.Length > 0)))
            {
                sheets[name] = Rows(current);
                current = [];
                name = $"Bloque {sheets.Count + 1}";
            }
            current.Add(line.Split('\t'));
        }
        sheets[sheetPerBlock ? "Resumen" : name] = Rows(current);
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, printHeader: false);
        return stream.ToArray();
    }

    /// <summary>Rows as MiniExcel takes them: the same columns in every row; numbers as numbers, as an office types them.</summary>
    private static List<Dictionary<string, object?>> Rows(List<string[]> lines)
    {
        var width = Math.Max(1, lines.Max(l => l.Length));
        return [.. lines.Select(line =>
        {
            var row = new Dictionary<string, object?>();
            for (var c = 0; c < width; c++)
            {
                var cell = c < line.Length ? line[c] : "";
                row[CellPlace.ColumnName(c + 1)] = AsTyped(cell);
            }
            return row;
        })];
    }

    private static object? AsTyped(string cell)
    {
        if (cell.Length == 0)
            return null;
        var text = cell.Replace("\\$", "", StringComparison.Ordinal).Replace("$", "", StringComparison.Ordinal).Trim();
        if (text.Length > 0 && text != "-" && char.IsAsciiDigit(text[^1]) && !text.Contains(' ', StringComparison.Ordinal) &&
            decimal.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return number;
        return cell;
    }
}
