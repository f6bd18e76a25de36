using System.Net;
using System.Text.Json.Nodes;
using PoaPlatform.Auth;

namespace PoaPlatform.Server.Tests;

/// <summary>The informe trimestral de avance over GraphQL and as a workbook whose every cell equals GraphQL's figures.</summary>
[Collection(ServerCollection.Name)]
public sealed class QuarterlyReportTests(PoaServerFactory server)
{
    private const string Department = "obras-publicas";
    private const string Row = "key name number investment programmedQuarter achievedQuarter programmedToDate achievedToDate quarterCompliance { ratio light } compliance { ratio light } moments { approved modified committed accrued exercised paid } justifications evidence";

    [Fact]
    public async Task ADepartmentsReportHasTheQuarterTheYearToDateTheMomentsTheNotesAndTheEvidenceAndItsWorkbookEveryCell()
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync(Department, 1, investment: 1000m, name: "Bacheo");
        await poa.CreateActionAsync(Department, 2, investment: 500m, name: "Alumbrado");
        var activity = (int)action["activities"]![0]!["id"]!;
        var editor = poa.Client(PoaRoles.Editor, Department);
        var version = (long)action["version"]!;
        // Activity 1 programs 10 a month: 10 in JAN, 30 in APR (a note explains it), 5 in MAY.
        foreach (var (month, achieved, exercised, note) in new[] { (1, 10m, 100m, "Enero"), (4, 30m, 300m, "Se adelantó el bacheo de mayo"), (5, 5m, 50m, (string?)"Lluvias") })
        {
            var answer = await editor.SendAsync("mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }", new
            {
                input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, number = 1, expectedVersion = version,
                    activityId = activity, month, achieved, exercised, paid = exercised / 2, note },
            });
            version = (long)answer["data"]!["reportProgress"]!["version"]!;
        }
        await editor.DataAsync("mutation($input: AddEvidenceLinkInput!) { addEvidenceLink(input: $input) { id } }", new
        {
            input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, number = 1, activityId = activity, month = 4,
                url = "https://example.org/bacheo-abril", title = "Fotos del bacheo" },
        });

        var report = (await editor.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "{{Department}}") { quarterlyReport(quarter: 2) {
                quarter fromMonth toMonth rows { {{Row}} } total { {{Row}} } } } } }
            """))["poa"]!["department"]!["quarterlyReport"]!;

        Assert.Equal((2, 4, 6), ((int)report["quarter"]!, (int)report["fromMonth"]!, (int)report["toMonth"]!));
        var first = report["rows"]![0]!;
        // Quarter: programmed 3 × (10 + 5) = 45, achieved 35; to date (ENE–JUN): 90 programmed, 45 achieved.
        Assert.Equal((1, "Bacheo", 45m, 35m, 90m, 45m), ((int)first["number"]!, (string?)first["name"], (decimal)first["programmedQuarter"]!,
            (decimal)first["achievedQuarter"]!, (decimal)first["programmedToDate"]!, (decimal)first["achievedToDate"]!));
        Assert.Equal((0.5m, "RED"), ((decimal)first["compliance"]!["ratio"]!, (string?)first["compliance"]!["light"]));
        Assert.Equal((450m, 225m), ((decimal)first["moments"]!["exercised"]!, (decimal)first["moments"]!["paid"]!));
        Assert.Equal([$"ABR, actividad {activity}: Se adelantó el bacheo de mayo", $"MAY, actividad {activity}: Lluvias"], first["justifications"]!.AsArray().Select(j => (string?)j));
        Assert.Equal(1, (int)first["evidence"]!);
        Assert.Equal((1500m, 1, 450m), ((decimal)report["total"]!["investment"]!, (int)report["total"]!["evidence"]!, (decimal)report["total"]!["moments"]!["exercised"]!));
        var bad = await editor.ErrorAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { quarterlyReport(quarter: 5) { quarter } } }""");
        Assert.Equal(("VALIDATION", "quarter"), ((string?)bad["extensions"]!["code"], (string?)bad["extensions"]!["field"]));

        var response = await editor.Http.GetAsync($"/export/{poa.Municipality}/2021/{Department}?format=informe-trimestral&periodo=2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("informe-2021-t2-obras-publicas.xlsx", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var cells = TransparencyExportTests.ReadCells(await response.Content.ReadAsByteArrayAsync());
        var rows = report["rows"]!.AsArray().Append(report["total"]).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var expected = rows[i]!;
            var r = i + 2;
            decimal Number(int column) => cells[(r, column)].Number ?? throw new Xunit.Sdk.XunitException($"row {r}, column {column}: not a number");
            Assert.Equal((string?)expected["name"], cells[(r, 2)].Text);
            Assert.Equal((decimal)expected["investment"]!, Number(3));
            Assert.Equal((decimal)expected["programmedQuarter"]!, Number(4));
            Assert.Equal((decimal)expected["achievedQuarter"]!, Number(5));
            Assert.Equal((decimal?)expected["quarterCompliance"]!["ratio"], cells.TryGetValue((r, 6), out var q) ? q.Number : null);
            Assert.Equal((decimal)expected["programmedToDate"]!, Number(7));
            Assert.Equal((decimal)expected["achievedToDate"]!, Number(8));
            Assert.Equal((decimal?)expected["compliance"]!["ratio"], cells.TryGetValue((r, 9), out var c) ? c.Number : null);
            var moments = expected["moments"]!;
            foreach (var (name, column) in new[] { ("approved", 11), ("modified", 12), ("committed", 13), ("accrued", 14), ("exercised", 15), ("paid", 16) })
                Assert.Equal((decimal)moments[name]!, Number(column));
            Assert.Equal((int)expected["evidence"]!, (int)Number(17));
            var notes = string.Join("\n", expected["justifications"]!.AsArray().Select(j => (string?)j));
            Assert.Equal(notes, cells.TryGetValue((r, 18), out var n) ? n.Text ?? "" : "");
        }
        Assert.Equal("Rojo", cells[(2, 10)].Text);

        var city = (await editor.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { quarterlyReport(quarter: 2) { rows { {{Row}} } total { investment evidence } } } }
            """))["poa"]!["quarterlyReport"]!;
        var departmentRow = Assert.Single(city["rows"]!.AsArray())!;
        Assert.Equal((35m, 1), ((decimal)departmentRow["achievedQuarter"]!, (int)departmentRow["evidence"]!));
        var cityXlsx = await editor.Http.GetAsync($"/export/{poa.Municipality}/2021?format=informe-trimestral&periodo=2");
        var cityCells = TransparencyExportTests.ReadCells(await cityXlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(((decimal)departmentRow["achievedToDate"]!, (decimal)departmentRow["moments"]!["exercised"]!), (cityCells[(2, 8)].Number, cityCells[(2, 15)].Number));
    }
}
