using System.Text;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Testing;

namespace PoaPlatform.Domain.Tests;

public class ImportVariantTests
{
    private static readonly string SeedJson = PoaJson.Serialize(PoaReader.Read(Samples.SeedText));

    private static void AssertSameAsSeed(string variant) => Assert.Equal(SeedJson, PoaJson.Serialize(PoaReader.Read(variant)));

    [Fact]
    public void CrlfLineEndsReadTheSame() => AssertSameAsSeed(Samples.SeedText.ReplaceLineEndings("\r\n"));

    [Fact]
    public void OldMacCrLineEndsReadTheSame() => AssertSameAsSeed(Samples.SeedText.ReplaceLineEndings("\r"));

    [Fact]
    public void AByteOrderMarkReadsTheSame() => AssertSameAsSeed("\uFEFF" + Samples.SeedText);

    [Fact]
    public void FilesWithBomOrInLatin1ReadTheSame()
    {
        foreach (var encoding in new Encoding[] { new UTF8Encoding(true), Encoding.Latin1, Encoding.Unicode })
        {
            var path = Path.Combine(Path.GetTempPath(), $"poa-{Guid.NewGuid():N}.txt");
            try
            {
                File.WriteAllText(path, Samples.SeedText, encoding);
                Assert.Equal(SeedJson, PoaJson.Serialize(PoaReader.ReadFile(path)));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void DollarSignsWithoutBackslashReadTheSame() => AssertSameAsSeed(Samples.SeedText.Replace("\\$", "$", StringComparison.Ordinal));

    [Fact]
    public void DashAndEmptyAmountsReadAsZero() =>
        AssertSameAsSeed(Samples.SeedText.Replace("\\$0.00\t", "$ -\t", StringComparison.Ordinal).Replace("\t-\t", "\t\t", StringComparison.Ordinal));

    [Fact]
    public void ThousandsSeparatorsInAnyNumberReadTheSame() => AssertSameAsSeed(Samples.SeedText
        .Replace("77036 H / 80884 M", "77,036 H / 80,884 M", StringComparison.Ordinal)
        .Replace("\t1830\t", "\t1,830\t", StringComparison.Ordinal)
        .Replace("\t4880\t", "\t4,880\t", StringComparison.Ordinal));

    [Fact]
    public void LabelsWithoutAccentsAndInAnyCaseReadTheSame()
    {
        var text = Samples.SeedText;
        foreach (var (label, variant) in new[]
        {
            ("PROGRAMA OPERATIVO ANUAL", "Programa Operativo Anual"),
            ("SECRETARÍA", "secretaria"),
            ("NOMBRE DE LA ACCIÓN", "Nombre de la accion"),
            ("BENEFICIARIOS", "beneficiarios"),
            ("NÚMERO DE ACCIÓN", "numero de accion"),
            ("OBJETIVO ESPECÍFICO", "Objetivo especifico"),
            ("INVERSIÓN APROXIMADA", "inversion aproximada"),
            ("ESTRATEGIA", "Estrategia"),
            ("PROPÓSITO", "proposito"),
            ("PARTIDA PRESUPUESTAL", "Partida presupuestal"),
            ("ÁREA RESPONSABLE", "area responsable"),
            ("INVERSIÓN APROX. POR ACTIVIDAD", "inversion aprox por actividad"),
            ("PROGRAMACIÓN ANUAL", "Programacion anual"),
            ("\tENE\tFEB\tMAR", "\tene\tfeb\tmar"),
            ("\tACCIÓN\tINVERSIÓN", "\taccion\tinversion"),
            ("\tTotal\t", "\tTOTAL\t"),
        })
        {
            Assert.Contains(label, text, StringComparison.Ordinal);
            text = text.Replace(label, variant, StringComparison.Ordinal);
        }
        text = text.Replace("EJE\t", "Eje\t", StringComparison.Ordinal).Replace("\tMETA", "\tmeta", StringComparison.Ordinal);
        AssertSameAsSeed(text);
    }

    [Fact]
    public void TrailingTabsAndTrailingBlankLinesReadTheSame() =>
        AssertSameAsSeed(Samples.SeedText.ReplaceLineEndings("\t\t\n") + "\n\n\t\n");
}
