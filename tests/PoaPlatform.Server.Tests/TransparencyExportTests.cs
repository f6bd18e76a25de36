using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using PoaPlatform.Auth;
using PoaPlatform.Domain.Model;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace PoaPlatform.Server.Tests;

/// <summary>The transparency formats (art. 70 fr. IV, V, VI) downloaded over HTTP, read back and checked cell by cell
/// against what GraphQL says of the same POA.</summary>
[Collection(ServerCollection.Name)]
public sealed class TransparencyExportTests(PoaServerFactory server)
{
    private const string Department = "obras-publicas";
    private const string Sheet = "level definition method unit frequency type dimension direction baselineValue baselineYear meansOfVerification missing";

    private static object FullSheet(string level, string type) => new
    {
        level, definition = "Obras concluidas", method = "A / B * 100", numerator = "Obras concluidas", denominator = "Obras programadas", unit = "Porcentaje",
        frequency = "TRIMESTRAL", type, dimension = "EFICACIA", direction = "ASCENDENTE", baselineValue = 45.5m, baselineYear = 2020,
        meansOfVerification = "Bitácora de obra", assumptions = "Clima favorable",
    };

    private static long Version(JsonNode answer, string mutation) =>
        answer["errors"] is null ? (long)answer["data"]![mutation]!["version"]! : throw new Xunit.Sdk.XunitException(answer.ToJsonString());

    /// <summary>A POA with one action: activity 1 a management indicator (fr. V), activity 2 a Propósito (fr. VI), the
    /// action's own indicator with an incomplete sheet (fr. V); progress in March, April and July; approved.</summary>
    private static async Task<(TestPoa Poa, GraphQLClient Editor)> ApprovedPoaAsync(PoaServerFactory server)
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync(Department, 1);
        var (first, second) = ((int)action["activities"]![0]!["id"]!, (int)action["activities"]![1]!["id"]!);
        var version = (long)action["version"]!;
        var editor = poa.Client(PoaRoles.Editor, Department);
        foreach (var (id, sheet) in new[] { (first, FullSheet("COMPONENTE", "GESTION")), (second, FullSheet("PROPOSITO", "ESTRATEGICO")) })
        {
            version = Version(await editor.SendAsync("mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { version } }", new
            {
                input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, number = 1, expectedVersion = version, activityId = id, indicatorSheet = sheet },
            }), "updateActivity");
        }
        version = Version(await editor.SendAsync("mutation($input: UpdateActionInput!) { updateAction(input: $input) { version } }", new
        {
            input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, number = 1, expectedVersion = version,
                objective = "Mejorar la infraestructura urbana", indicator = "Obras entregadas", indicatorSheet = new { direction = "ASCENDENTE" } },
        }), "updateAction");
        foreach (var (id, month, achieved) in new[] { (first, 3, 8m), (first, 4, 9.5m), (second, 3, 15m), (second, 7, 20m) })
        {
            var answer = await poa.ReportProgressAsync(editor, Department, 1, version, id, month, achieved);
            version = answer["errors"] is null ? (long)answer["data"]!["reportProgress"]!["version"]! : throw new Xunit.Sdk.XunitException(answer.ToJsonString());
        }
        var cycle = 0L;
        foreach (var transition in new[] { "submitPoa", "approvePoa" })
        {
            cycle = (long)(await poa.Admin.DataAsync($$"""mutation($input: CycleInput!) { {{transition}}(input: $input) { version } }""",
                new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, expectedVersion = cycle } }))[transition]!["version"]!;
        }
        // After the approval, December's target of activity 2 goes from 5 to 25 by an authorised request: modified ≠ approved.
        version = (long)(await editor.DataAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "{{Department}}") { action(number: 1) { version } } } }"""))
            ["poa"]!["department"]!["action"]!["version"]!;
        var requested = (long)(await editor.DataAsync("mutation($input: RequestModificationInput!) { requestModification(input: $input) { version } }", new
        {
            input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, number = 1, expectedVersion = version,
                kind = "INCREASE", justification = "Más obras.", targets = new[] { new { activityId = second, month = 12, value = 25m } } },
        }))["requestModification"]!["version"]!;
        await poa.Client(PoaRoles.Planner).DataAsync("mutation($input: DecideModificationInput!) { decideModification(input: $input) { version } }",
            new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, number = 1, expectedVersion = requested, requestId = 1, authorize = true, comment = "Autorizada." } });
        return (poa, editor);
    }

    [Theory]
    [InlineData("transparencia-iv", 2)]
    [InlineData("transparencia-v", 1)]
    [InlineData("transparencia-v", 3)]
    [InlineData("transparencia-vi", 3)]
    public async Task EachTransparencyFormatReadsBackCellByCellAsGraphQLShowsThePoa(string format, int quarter)
    {
        var (poa, editor) = await ApprovedPoaAsync(server);
        var read = (await editor.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "{{Department}}") { name
                cycle { history { nodes { transition at } } }
                action(number: 1) { objective goal indicator indicatorSheet { {{Sheet}} }
                  baseline { activities { id annualTarget } }
                  activities { id indicator unit responsibleArea annualTarget indicatorSheet { {{Sheet}} } progress { month achieved } } } } } }
            """))["poa"]!["department"]!;
        var action = read["action"]!;
        var approvedOn = DateOnly.FromDateTime(read["cycle"]!["history"]!["nodes"]!.AsArray()
            .Last(e => (string?)e!["transition"] == "APPROVE")!["at"]!.GetValue<DateTimeOffset>().UtcDateTime);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var start = new DateOnly(2021, quarter * 3 - 2, 1);
        var end = start.AddMonths(3).AddDays(-1);

        decimal Achieved(JsonNode activity) => activity["progress"]!.AsArray().Where(p => (int)p!["month"]! <= quarter * 3).Sum(p => (decimal)p!["achieved"]!);
        decimal Approved(int id) => (decimal)action["baseline"]!["activities"]!.AsArray().Single(a => (int)a!["id"]! == id)!["annualTarget"]!;
        var activities = action["activities"]!.AsArray().Select(a => a!).ToList();
        Assert.Equal((60m, 80m), (Approved((int)activities[1]["id"]!), (decimal)activities[1]["annualTarget"]!));
        object[] Row(string name, JsonNode sheet, string unit, string area, decimal programmed, decimal adjusted, decimal achieved, string note) =>
        [
            2021m, start, end, (string)action["objective"]!, name, Word<IndicatorDimension>(sheet["dimension"]), (string)sheet["definition"]!,
            (string)sheet["method"]!, (string)sheet["unit"]! is { Length: > 0 } u ? u : unit, Word<IndicatorFrequency>(sheet["frequency"]),
            sheet["baselineValue"] is { } b ? (decimal)b : "", programmed, adjusted, achieved, Word<IndicatorDirection>(sheet["direction"]),
            (string)sheet["meansOfVerification"]!, area, approvedOn, today, note,
        ];
        const string SumNote = "Metas: suma de las metas anuales de las actividades de la acción.";
        var actionRow = Row((string)action["indicator"]!, action["indicatorSheet"]!, "", (string)read["name"]!,
            activities.Sum(a => Approved((int)a["id"]!)), activities.Sum(a => (decimal)a["annualTarget"]!), activities.Sum(Achieved),
            SumNote + " Ficha técnica incompleta: falta nivel de la MIR, definición, método de cálculo, numerador, denominador, unidad de medida, frecuencia, tipo, dimensión, línea base, medios de verificación, supuestos.");
        object[] ActivityRow(JsonNode a) => Row((string)a["indicator"]!, a["indicatorSheet"]!, (string)a["unit"]!, (string)a["responsibleArea"]!,
            Approved((int)a["id"]!), (decimal)a["annualTarget"]!, Achieved(a), "Línea base del año 2020.");
        // Fr. VI takes the Propósito (activity 2); fr. V the management indicator and the action's own (no level, no type).
        var expected = format switch
        {
            "transparencia-iv" => new List<object[]> { actionRow },
            "transparencia-v" => new List<object[]> { actionRow, ActivityRow(activities[0]) },
            _ => new List<object[]> { ActivityRow(activities[1]) },
        };

        var response = await editor.Http.GetAsync($"/export/{poa.Municipality}/2021/{Department}?format={format}&periodo={quarter}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"-{format}-t{quarter}.xlsx", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var cells = ReadCells(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(Domain.Export.TransparencyXlsx.Header.Count, cells.Count(c => c.Key.Row == 1));
        for (var c = 0; c < Domain.Export.TransparencyXlsx.Header.Count; c++)
            Assert.Equal(Domain.Export.TransparencyXlsx.Header[c], cells[(1, c + 1)].Text);
        Assert.Equal(expected.Count + 1, cells.Keys.Max(k => k.Row));
        for (var r = 0; r < expected.Count; r++)
        {
            for (var c = 0; c < expected[r].Length; c++)
            {
                var at = $"row {r + 2}, column {c + 1} ({Domain.Export.TransparencyXlsx.Header[c]})";
                var cell = cells.GetValueOrDefault((r + 2, c + 1));
                switch (expected[r][c])
                {
                    case "":
                        Assert.True(cell is null, $"{at}: expected empty, found {cell}");
                        break;
                    case string text:
                        Assert.True(cell is not null, $"{at}: expected \"{text}\", found nothing");
                        Assert.Equal((text, at), (cell.Text, at));
                        break;
                    case decimal number:
                        Assert.True(cell?.Number is not null, $"{at}: expected {number}, found {cell}");
                        Assert.Equal((number, at), (cell!.Number!.Value, at));
                        break;
                    case DateOnly date:
                        Assert.True(cell is { Number: not null, IsDate: true }, $"{at}: expected the date {date}, found {cell}");
                        Assert.Equal((date, at), (DateOnly.FromDateTime(DateTime.FromOADate((double)cell!.Number!.Value)), at));
                        break;
                }
            }
        }
    }

    [Fact]
    public async Task AnUnknownPeriodIsRefused()
    {
        var (poa, editor) = await ApprovedPoaAsync(server);
        var response = await editor.Http.GetAsync($"/export/{poa.Municipality}/2021/{Department}?format=transparencia-vi&periodo=5");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string Word<T>(JsonNode? value) where T : struct, Enum =>
        value is null ? "" : IndicatorTexts.Of<T>(Enum.GetValues<T>().Single(v => string.Equals(v.ToString(), ((string)value!).Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)));

    internal sealed record Cell(string? Text, decimal? Number, bool IsDate);

    /// <summary>The cells of the workbook's first sheet by (row, column), with whether a number is formatted as a date.</summary>
    internal static Dictionary<(int Row, int Column), Cell> ReadCells(byte[] workbook)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        var part = document.WorkbookPart!;
        var formats = part.WorkbookStylesPart!.Stylesheet!.CellFormats!.Elements<X.CellFormat>().ToList();
        var dateFormats = part.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<X.NumberingFormat>()
            .Where(f => f.FormatCode!.Value!.Contains("yyyy", StringComparison.Ordinal)).Select(f => f.NumberFormatId!.Value).ToHashSet();
        var sheet = (WorksheetPart)part.GetPartById(part.Workbook!.Sheets!.Elements<X.Sheet>().First().Id!.Value!);
        var cells = new Dictionary<(int, int), Cell>();
        foreach (var cell in sheet.Worksheet!.Descendants<X.Cell>())
        {
            var reference = cell.CellReference!.Value!;
            var letters = new string([.. reference.TakeWhile(char.IsLetter)]);
            var column = letters.Aggregate(0, (n, l) => n * 26 + l - 'A' + 1);
            var row = int.Parse(reference[letters.Length..], CultureInfo.InvariantCulture);
            var style = formats[(int)(cell.StyleIndex?.Value ?? 0)];
            cells[(row, column)] = cell.DataType?.Value == X.CellValues.InlineString
                ? new Cell(cell.InlineString!.InnerText, null, false)
                : new Cell(null, decimal.Parse(cell.CellValue!.Text, NumberStyles.Float, CultureInfo.InvariantCulture), dateFormats.Contains(style.NumberFormatId?.Value ?? 0));
        }
        return cells;
    }
}

/// <summary>The transparency formats where reading needs a token (Auth:PublicRead=false).</summary>
public sealed class PrivateTransparencyExportTests(PrivateReadServerFactory server) : IClassFixture<PrivateReadServerFactory>
{
    [Theory]
    [InlineData("transparencia-iv")]
    [InlineData("transparencia-v")]
    [InlineData("transparencia-vi")]
    public async Task WithoutPublicReadAnAnonymousDownloadIsRefusedAndAViewerOfTheCityGetsIt(string format)
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync("obras-publicas", 1);

        var anonymous = await server.Client().Http.GetAsync($"/export/{poa.Municipality}/2021?format={format}&periodo=1");
        var viewer = await poa.Client(PoaRoles.Viewer).Http.GetAsync($"/export/{poa.Municipality}/2021?format={format}&periodo=1");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viewer.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", viewer.Content.Headers.ContentType!.MediaType);
    }
}
