using System.Globalization;
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
