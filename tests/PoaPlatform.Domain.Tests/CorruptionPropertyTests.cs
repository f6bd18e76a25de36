using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Testing;
using Xunit.Abstractions;

namespace PoaPlatform.Domain.Tests;

/// <summary>Random corruptions of the seed: the reader may refuse them, but only ever with a PoaFormatException.</summary>
public class CorruptionPropertyTests(ITestOutputHelper output)
{
    private const int Runs = 2000;

    private static readonly string[] Junk =
    [
        "", " ", "-", "$", "\\$", "$ -", "0", "-1", "1e5", "NaN", "∞", "١٢٣", "1,,2", ".", "3.14", "007",
        "99999999999999999999999999999", "-79228162514264337593543950335", "2147483648", "12 H / 13 M", "H / M", "1 H /",
        "PROGRAMA OPERATIVO ANUAL 2021", "PROGRAMA OPERATIVO ANUAL", "PROGRAMA OPERATIVO ANUAL 99999999999", "ACTIVIDAD", "ENE",
        "ACCIÓN", "INVERSIÓN", "Total", "SECRETARÍA", "NÚMERO DE ACCIÓN", "PARTIDA PRESUPUESTAL", "PARTIDA PRESUPUESTAL x,y,,.",
        "cuatrocientos", "\uFEFF", "\u0301", "\r", "\t\t",
    ];

    [Fact]
    public void RandomCorruptionsOfTheSeedOnlyEverThrowPoaFormatException()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("POA_FUZZ_SEED"), CultureInfo.InvariantCulture, out var fixedSeed)
            ? fixedSeed
            : Random.Shared.Next();
        output.WriteLine($"POA_FUZZ_SEED={seed}");
        var random = new Random(seed);
        var seedLines = Samples.SeedLines;
        int refused = 0, read = 0;
        for (var run = 0; run < Runs; run++)
        {
            var lines = seedLines.ToList();
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations && lines.Count > 0; m++)
                Mutate(lines, random);
            var text = string.Join(random.Next(3) == 0 ? "\r\n" : "\n", lines);
            try
            {
                var document = PoaReader.Read(text);
                // Whatever reads must also export and write without throwing.
                _ = PoaJson.Serialize(document);
                _ = PoaCsv.Serialize(document);
                _ = PoaWriter.Write(document);
                read++;
            }
            catch (PoaFormatException)
            {
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Run {run} with POA_FUZZ_SEED={seed} threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
        output.WriteLine($"{read} read, {refused} refused");
        Assert.True(read > 0, $"Expected some corrupted documents to be read (POA_FUZZ_SEED={seed}): {read} read, {refused} refused.");
        Assert.True(refused > 0, $"Expected some corrupted documents to be refused (POA_FUZZ_SEED={seed}): {read} read, {refused} refused.");
    }

    private const int WorkbookRuns = 1200;

    private static readonly byte[][] Workbooks =
        [Tests.Workbooks.SeedByOurWriter(), Tests.Workbooks.SeedByMiniExcel(sheetPerBlock: true), Tests.Workbooks.SeedByMiniExcel(sheetPerBlock: false)];

    private static readonly string[] Entries = ["styles", "sharedStrings", "workbook.xml", "sheet1", ".rels"];

    private static readonly string[] BrokenReferences = ["r=\"ZZZZ1\"", "r=\"A0\"", "r=\"1A\"", "r=\"XFD1048576\"", "r=\"\""];

    private static readonly string[] CellTypes = ["s", "b", "e", "n", "d", "str", "inlineStr", "zz", ""];

    private static readonly string[] CellValues = ["", "-1", "99999999", "abc", "1e400", "NaN", "2021-13-45", "TRUE", "1.5", "&amp;", "0"];

    [Fact]
    public void RandomCorruptionsOfSeedWorkbooksOnlyEverThrowPoaFormatException()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("POA_FUZZ_SEED"), CultureInfo.InvariantCulture, out var fixedSeed)
            ? fixedSeed
            : Random.Shared.Next();
        output.WriteLine($"POA_FUZZ_SEED={seed}");
        var random = new Random(seed);
        int refused = 0, read = 0;
        var kinds = new Dictionary<string, int>();
        for (var run = 0; run < WorkbookRuns; run++)
        {
            var (bytes, kind) = MutateWorkbook(Workbooks[random.Next(Workbooks.Length)], random);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            try
            {
                var document = PoaReader.ReadWithSource(new MemoryStream(bytes), "poa.xlsx").Document;
                _ = PoaJson.Serialize(document);
                _ = PoaCsv.Serialize(document);
                PoaXlsx.Write(document, Stream.Null);
                read++;
            }
            catch (PoaFormatException)
            {
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Run {run} ({kind}) with POA_FUZZ_SEED={seed} threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
        output.WriteLine($"{read} read, {refused} refused; {string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}"))}");
        Assert.True(read > 0 && refused > 0, $"Expected both outcomes (POA_FUZZ_SEED={seed}): {read} read, {refused} refused.");
    }

    /// <summary>A damaged copy: truncated, bytes flipped (the zip's compressed data or its directory), an entry
    /// dropped, or a sheet's XML edited (wrong cell types and values, broken references, cut XML).</summary>
    private static (byte[] Bytes, string Kind) MutateWorkbook(byte[] workbook, Random random)
    {
        switch (random.Next(5))
        {
            case 0:
                return (workbook[..random.Next(workbook.Length)], "truncated");
            case 1:
                var flipped = (byte[])workbook.Clone();
                for (var n = random.Next(1, 6); n > 0; n--)
                    flipped[random.Next(flipped.Length)] ^= (byte)random.Next(1, 256);
                return (flipped, "bytes flipped");
            case 2:
                return (Repack(workbook, (name, _) => name.Contains(Entries[random.Next(Entries.Length)], StringComparison.Ordinal) ? null : _), "entry removed");
            default:
                return (Repack(workbook, (name, xml) => name.Contains("worksheets/sheet", StringComparison.Ordinal) && random.Next(3) > 0 ? EditSheet(xml, random) : xml), "sheet edited");
        }
    }

    private static string EditSheet(string xml, Random random)
    {
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            xml = random.Next(6) switch
            {
                0 => Replace(xml, "t=\"[a-zA-Z]*\"", $"t=\"{CellTypes[random.Next(CellTypes.Length)]}\"", random),
                1 => Replace(xml, "<x:v>[^<]*</x:v>|<v>[^<]*</v>", $"<v>{CellValues[random.Next(CellValues.Length)]}</v>", random),
                2 => Replace(xml, "r=\"[A-Z]+[0-9]+\"", BrokenReferences[random.Next(BrokenReferences.Length)], random),
                3 => Replace(xml, "s=\"[0-9]+\"", $"s=\"{random.Next(-2, 400)}\"", random),
                4 => xml[..random.Next(xml.Length)],
                _ => Replace(xml, "<(x:)?c [^>]*>", "<c r=\"B2\" t=\"n\">", random),
            };
        }
        return xml;
    }

    private static string Replace(string xml, string pattern, string replacement, Random random)
    {
        var matches = Regex.Matches(xml, pattern);
        if (matches.Count == 0)
            return xml;
        var match = matches[random.Next(matches.Count)];
        return string.Concat(xml.AsSpan(0, match.Index), replacement, xml.AsSpan(match.Index + match.Length));
    }

    /// <summary>The workbook with each entry's text passed through <paramref name="edit"/> (null drops the entry).</summary>
    private static byte[] Repack(byte[] workbook, Func<string, string, string?> edit)
    {
        using var source = new ZipArchive(new MemoryStream(workbook));
        using var target = new MemoryStream();
        using (var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                string text;
                using (var reader = new StreamReader(entry.Open()))
                    text = reader.ReadToEnd();
                if (edit(entry.FullName, text) is not { } edited)
                    continue;
                using var writer = new StreamWriter(zip.CreateEntry(entry.FullName).Open(), new UTF8Encoding(false));
                writer.Write(edited);
            }
        }
        return target.ToArray();
    }

    private static void Mutate(List<string> lines, Random random)
    {
        var i = random.Next(lines.Count);
        switch (random.Next(5))
        {
            case 0:
                lines.RemoveAt(i);
                break;
            case 1:
                lines.Insert(i, lines[i]);
                break;
            case 2:
                (lines[i], lines[random.Next(lines.Count)]) = (lines[random.Next(lines.Count)], lines[i]);
                break;
            case 3:
                lines.RemoveRange(i, lines.Count - i);
                break;
            default:
                var cells = lines[i].Split('\t');
                cells[random.Next(cells.Length)] = random.Next(3) switch
                {
                    0 => Junk[random.Next(Junk.Length)],
                    1 => random.NextDouble() < 0.5 ? random.Next(-10, 100_000).ToString(CultureInfo.InvariantCulture) : (random.NextDouble() * 1e7).ToString("N2", CultureInfo.InvariantCulture),
                    _ => RandomText(random),
                };
                lines[i] = string.Join('\t', cells);
                break;
        }
    }

    private static string RandomText(Random random)
    {
        var chars = new char[random.Next(0, 12)];
        for (var c = 0; c < chars.Length; c++)
            chars[c] = (char)random.Next(0x20, 0x250);
        return new string(chars);
    }
}
