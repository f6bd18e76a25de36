using PoaPlatform.Testing;
using System.Text.Json.Nodes;

namespace PoaPlatform.Server.Tests;

/// <summary>A municipality of its own for one test (created by an operator, its year 2021 opened), and the mutations
/// that fill it.</summary>
public sealed class TestPoa
{
    public const int Year = 2021;

    private TestPoa(PoaServerFactory server, string municipality)
    {
        Server = server;
        Municipality = municipality;
        Admin = server.Client(PoaPlatform.Auth.PoaRoles.Admin, "", municipality);
    }

    public PoaServerFactory Server { get; }

    public string Municipality { get; }

    public string Key => $"{Municipality}/{Year}";

    /// <summary>An admin of this municipality.</summary>
    public GraphQLClient Admin { get; }

    /// <summary>A client with a development token of this municipality.</summary>
    public GraphQLClient Client(string role, string department = "") => Server.Client(role, department, Municipality);

    public static async Task<TestPoa> CreateAsync(PoaServerFactory server, params int[] years)
    {
        var municipality = "t" + Guid.NewGuid().ToString("N")[..10];
        var operators = server.SuperAdmin();
        await operators.DataAsync("""
            mutation($input: CreateMunicipalityInput!) { createMunicipality(input: $input) { slug } }
            """, new { input = new { slug = municipality, name = "Municipio de prueba", state = "Zacatecas", inegiCode = "32999" } });
        var poa = new TestPoa(server, municipality);
        foreach (var year in years.Length == 0 ? [Year] : years)
        {
            await operators.DataAsync("mutation($m: String!, $y: Int!) { openYear(municipality: $m, year: $y) { slug } }", new { m = municipality, y = year });
            await poa.SetCalendarAsync(year, TestCalendar.OpenCutOffs());
        }
        return poa;
    }

    /// <summary>Sets a year's cut-offs as its planner would (<see cref="TestCalendar"/>: tests open the months of 2021).</summary>
    public async Task<long> SetCalendarAsync(int year, IReadOnlyList<DateOnly> cutOffs, string? submissionDeadline = null, long expectedVersion = 0)
    {
        var data = await Client(PoaPlatform.Auth.PoaRoles.Planner).DataAsync("""
            mutation($input: SetCalendarInput!) { setCalendar(input: $input) { version } }
            """, new { input = new { municipality = Municipality, year, cutOffs = cutOffs.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray(), submissionDeadline, expectedVersion } });
        return data["setCalendar"]!["version"]!.GetValue<long>();
    }

    public const string ActionFields = "key department number name version investment axes activities { id annualTarget monthlyTargets progress { month achieved spent note version } }";

    /// <summary>Creates an action with two activities (monthly targets 10 each month, and 5) and returns it.</summary>
    public async Task<JsonNode> CreateActionAsync(string department, int number, decimal investment = 1000m,
        string[]? axes = null, string[]? budgetItems = null, string name = "Acción de prueba")
    {
        var data = await Admin.DataAsync($$"""
            mutation($input: CreateActionInput!) { createAction(input: $input) { version action { {{ActionFields}} } } }
            """, new
        {
            input = new
            {
                municipality = Municipality,
                year = Year,
                department,
                number,
                name,
                axes = axes ?? ["Zacatecas Gobierno de Calidad"],
                goal = "Meta",
                beneficiaries = new { men = 10, women = 12 },
                investment,
                budgetItems = budgetItems ?? ["3821"],
                activities = new[]
                {
                    new { description = "Primera", responsibleArea = "Área", unit = "Documentos", indicator = "Número", investment = investment / 2, monthlyTargets = Enumerable.Repeat(10m, 12).ToArray() },
                    new { description = "Segunda", responsibleArea = "Área", unit = "Eventos", indicator = "Número", investment = investment / 2, monthlyTargets = Enumerable.Repeat(5m, 12).ToArray() },
                },
            },
        });
        return data["createAction"]!["action"]!;
    }

    public object Target(string department, int number, long expectedVersion) =>
        new { municipality = Municipality, year = Year, department, number, expectedVersion };

    public async Task<JsonNode> ReportProgressAsync(GraphQLClient client, string department, int number, long expectedVersion, int activityId, int month, decimal achieved, decimal spent = 0, string? note = "Avance del mes")
    {
        return await client.SendAsync("""
            mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version action { version } } }
            """, new
        {
            input = new { municipality = Municipality, year = Year, department, number, expectedVersion, activityId, month, achieved, spent, note },
        });
    }
}
