using System.Text;
using System.Text.Json;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Testing;

namespace PoaPlatform.Domain.Tests;

public class ExportTests
{
    private static readonly PoaPlatform.Domain.Model.PoaDocument Seed = PoaReader.Read(Samples.SeedText);

    [Fact]
    public void JsonHasTheAgreedShape()
    {
        using var json = JsonDocument.Parse(PoaJson.Serialize(Seed));
        var root = json.RootElement;
        Assert.Equal(2021, root.GetProperty("year").GetInt32());
        var department = root.GetProperty("departments")[0];
        Assert.Equal("Secretaría Particular", department.GetProperty("name").GetString());
        Assert.Equal("secretaria-particular", department.GetProperty("slug").GetString());
        var two = department.GetProperty("actions")[1];
        Assert.Equal(2, two.GetProperty("number").GetInt32());
        Assert.Equal("0.00", two.GetProperty("investment").GetRawText());
        Assert.Equal(1950, two.GetProperty("beneficiaries").GetProperty("men").GetInt32());
        Assert.Equal(2250, two.GetProperty("beneficiaries").GetProperty("women").GetInt32());
        var activity = two.GetProperty("activities")[0];
        Assert.Equal("0.00", activity.GetProperty("investment").GetRawText());
        Assert.Equal("4400", activity.GetProperty("annualTarget").GetRawText());
        Assert.Equal("[350,400,400,350,350,350,375,350,400,350,375,350]", activity.GetProperty("monthly").GetRawText().Replace(" ", "", StringComparison.Ordinal).ReplaceLineEndings(""));
        Assert.Equal(["3622", "3661", "2151", "3611"], department.GetProperty("actions")[3].GetProperty("budgetItems").EnumerateArray().Select(e => e.GetString()));
        var totals = root.GetProperty("totals");
        Assert.Equal("7458446.61", totals.GetProperty("investment").GetRawText());
        Assert.Equal((9, 20, 243343, 255607), (totals.GetProperty("actions").GetInt32(), totals.GetProperty("activities").GetInt32(),
            totals.GetProperty("beneficiariesMen").GetInt32(), totals.GetProperty("beneficiariesWomen").GetInt32()));
        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() != "info");
        Assert.Equal("ACTION_INVESTMENT_MISMATCH", finding.GetProperty("code").GetString());
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(4, finding.GetProperty("actionNumber").GetInt32());
        Assert.Equal("4157900.00", finding.GetProperty("expected").GetRawText());
        Assert.Equal("4181100.00", finding.GetProperty("actual").GetRawText());
        Assert.Equal(47, finding.GetProperty("line").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(finding.GetProperty("message").GetString()));
    }

    [Fact]
    public void CsvHasOneRowPerActivityAndOnePerSummaryOnlyAction()
    {
        var lines = PoaCsv.Serialize(Seed).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 20 + 3, lines.Length);
        Assert.StartsWith("Año,Secretaría,Número de acción,Acción,", lines[0], StringComparison.Ordinal);
        Assert.Contains(",ENE,FEB,MAR,ABR,MAY,JUN,JUL,AGO,SEP,OCT,NOV,DIC,Fuente de financiamiento,Nivel MIR,", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(",Indicador de la acción,Nivel MIR (acción),Definición del indicador (acción),Método de cálculo (acción),Numerador (acción),Denominador (acción),Unidad del indicador (acción),Frecuencia (acción),Tipo de indicador (acción),Dimensión (acción),Sentido (acción),Línea base (acción),Año de línea base (acción),Medios de verificación (acción),Supuestos (acción)", lines[0], StringComparison.Ordinal);
        // A summary-only action: its fields, then nothing for the activity, its 15 sheet columns and the action's own indicator.
        Assert.Equal("2021,Secretaría Particular,1,Gasto operativo,,,,,,0,0,1505186.61,," + new string(',', 17 + 15 + 15), lines[1]);
    }

    [Fact]
    public void CsvQuotesCellsWithCommasAndQuotesAsRfc4180Says()
    {
        var csv = PoaCsv.Serialize(Seed);
        Assert.Contains(",\"Recepción de documentación (oficios, memorándums, peticiones", csv, StringComparison.Ordinal);
        Assert.Contains(",\"3191, 3691, 3821, 3853, 3581, 3471, 2711, 2211, 3231, 3291\",", csv, StringComparison.Ordinal);
        Assert.Contains(",4400,350,400,400,350,350,350,375,350,400,350,375,350,", csv, StringComparison.Ordinal);
        var department = Seed.Departments[0];
        var quoted = Seed with { Departments = [department with { Actions = [department.Actions[0] with { Name = "Dijo \"sí\"" }] }] };
        Assert.Contains(",\"Dijo \"\"sí\"\"\",", PoaCsv.Serialize(quoted), StringComparison.Ordinal);
    }

    [Fact]
    public void CsvFilesStartWithAUtf8ByteOrderMarkForExcel()
    {
        var path = Path.Combine(Path.GetTempPath(), $"poa-{Guid.NewGuid():N}.csv");
        try
        {
            PoaCsv.WriteFile(Seed, path);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
            Assert.StartsWith("Año,", Encoding.UTF8.GetString(bytes[3..]), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
