using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PoaPlatform.Auth;
using static Microsoft.Playwright.Assertions;

namespace PoaPlatform.Browser.Tests;

/// <summary>The year's cycle as the people who live it use the pages: the department captures and submits, the planning
/// unit returns and approves, the approved programming changes only by an authorised request, and a late report waits
/// for a planner to reopen its month.</summary>
[Collection(SiteCollection.Name)]
public sealed class CycleTests(PoaSite site)
{
    private const string Department = "obras-publicas";
    private static readonly string[] s_axes = ["Zacatecas Productivo"];
    private static readonly string[] s_budgetItems = ["6141"];

    /// <summary>An action of a department of its own (the seed's is shared with other tests): two activities, 10 and 5
    /// a month, investments that add up, so the submission has nothing to explain.</summary>
    private async Task CreateActionAsync(int year, string department)
    {
        await site.GraphQLAsync("""
            mutation($input: CreateActionInput!) { createAction(input: $input) { version } }
            """, new
        {
            input = new
            {
                year, department, number = 1, name = "Bacheo de vialidades", axes = s_axes, goal = "Calles transitables",
                beneficiaries = new { men = 500, women = 520 }, investment = 1000m, budgetItems = s_budgetItems,
                activities = new[]
                {
                    new { description = "Bacheo", responsibleArea = "Obra pública", unit = "Metros", indicator = "Metros bacheados", investment = 500m, monthlyTargets = Enumerable.Repeat(10m, 12).ToArray() },
                    new { description = "Señalización", responsibleArea = "Obra pública", unit = "Señales", indicator = "Señales puestas", investment = 500m, monthlyTargets = Enumerable.Repeat(5m, 12).ToArray() },
                },
            },
        }, site.Token(PoaRoles.Admin, ""));
    }

    private static async Task TransitionAsync(IPage page, string transition, string expectedStatus, string? comment = null)
    {
        if (comment is not null)
            await page.GetByTestId("cycle-comment").FillAsync(comment);
        await page.GetByTestId($"transition-{transition}").ClickAsync();
        await Expect(page.GetByTestId("cycle-status")).ToHaveAttributeAsync("data-status", expectedStatus);
    }

    [Fact]
    public async Task TheWholeCycleFromCaptureToAnAuthorisedModificationShowsTheBaselineBesideTheModifiedPlan()
    {
        await CreateActionAsync(PoaSite.Year, Department);
        var editor = await site.UserAsync(PoaRoles.Editor, Department);
        var planner = await site.UserAsync(PoaRoles.Planner);
        var departmentPath = $"/poa/{PoaSite.Year}/{Department}";
        var actionPath = $"{departmentPath}/1";

        // The department captures and submits.
        var byEditor = await site.OpenAsync(departmentPath, editor);
        await Expect(byEditor.GetByTestId("cycle-status")).ToHaveTextAsync("En captura");
        await Expect(byEditor.GetByTestId("transition-take_for_review")).ToHaveCountAsync(0);
        await TransitionAsync(byEditor, "submit", "ENVIADO");

        // The planning unit returns it with its comments.
        var byPlanner = await site.OpenAsync(departmentPath, planner);
        await Expect(byPlanner.GetByTestId("transition-submit")).ToHaveCountAsync(0);
        await TransitionAsync(byPlanner, "return", "DEVUELTO", "Ajusten la meta de diciembre del bacheo.");

        // The department sees why, fixes the target and submits again.
        await byEditor.ReloadAsync();
        await Expect(byEditor.GetByTestId("cycle-status")).ToHaveTextAsync("Devuelto");
        await byEditor.GetByTestId("cycle-history").ClickAsync();
        await Expect(byEditor.GetByTestId("cycle-history")).ToContainTextAsync("Ajusten la meta de diciembre del bacheo.");
        await byEditor.GotoAsync(actionPath);
        await byEditor.GetByTestId("target-12").FillAsync("12");
        await byEditor.GetByTestId("targets-submit").ClickAsync();
        await Expect(byEditor.GetByTestId("form-status")).ToContainTextAsync("Guardado");
        await byEditor.GotoAsync(departmentPath);
        await TransitionAsync(byEditor, "submit", "ENVIADO");

        // The review inbox lists it; the planner approves.
        await byPlanner.GotoAsync("/revision");
        await Expect(byPlanner.GetByTestId($"inbox-status-{Department}")).ToHaveAttributeAsync("data-status", "ENVIADO");
        await byPlanner.GetByTestId("review-inbox").GetByRole(AriaRole.Link).First.ClickAsync();
        await TransitionAsync(byPlanner, "approve", "APROBADO");

        // Approved: the editor's target edit is refused, the page says how changes go now.
        await byEditor.GotoAsync(actionPath);
        await Expect(byEditor.GetByTestId("locked")).ToContainTextAsync("solicitud de modificación");
        await Expect(byEditor.GetByTestId("targets-form")).ToHaveCountAsync(0);
        var (version, activityId, _) = await ActionAsync(PoaSite.Year, Department);
        var forged = await byEditor.EvaluateAsync<string>("""
            async ([version, activityId]) => {
              const me = await (await fetch('/auth/me')).json();
              const response = await fetch('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': me.csrfToken },
                body: JSON.stringify({ query: `mutation { setMonthlyTargets(input: { year: 2021, department: "obras-publicas", number: 1,
                  expectedVersion: ${version}, activityId: ${activityId}, targets: [{ month: 12, value: 99 }] }) { version } }` }) });
              return await response.text();
            }
            """, new object[] { version, activityId });
        Assert.Equal("LOCKED", (string?)JsonNode.Parse(forged)!["errors"]![0]!["extensions"]!["code"]);

        // The editor asks for a modification; the planner authorises it.
        await byEditor.GetByTestId("request-kind").SelectOptionAsync("INCREASE");
        await byEditor.GetByTestId("request-justification").FillAsync("Se suma la colonia Las Cumbres.");
        await byEditor.GetByTestId("request-target-12").FillAsync("20");
        await byEditor.GetByTestId("request-submit").ClickAsync();
        await Expect(byEditor.GetByTestId("request-status-1")).ToHaveAttributeAsync("data-status", "PENDING");
        await byPlanner.GotoAsync(actionPath);
        await byPlanner.GetByTestId("request-1-comment").FillAsync("Autorizada por el comité.");
        await byPlanner.GetByTestId("request-1-authorize").ClickAsync();
        await Expect(byPlanner.GetByTestId("request-status-1")).ToHaveAttributeAsync("data-status", "AUTHORIZED");

        // Both plans are shown: approved (12 + 5) and modified (20 + 5) in December, per activity and for the action.
        await Expect(byPlanner.GetByTestId("baseline-approved-12")).ToHaveTextAsync("17");
        await Expect(byPlanner.GetByTestId("baseline-modified-12")).ToHaveTextAsync("25");
        await Expect(byPlanner.GetByTestId("baseline-difference-12")).ToHaveTextAsync("8");
        await Expect(byPlanner.GetByTestId($"cell-{activityId}-12-approved")).ToHaveTextAsync("12");
        await Expect(byPlanner.GetByTestId($"cell-{activityId}-12-target")).ToHaveTextAsync("20");
        await Expect(byPlanner.GetByTestId("monthly-chart")).ToHaveAttributeAsync("data-series", new System.Text.RegularExpressions.Regex("Programado aprobado"));
        await PoaSite.ScreenshotAsync(byPlanner, "cycle-baseline");

        // The form expresses a new activity and a cancellation too; authorised, the new one is programmed and the
        // cancelled one (nothing of it past: every month open) is shown as cancelled.
        await byEditor.GotoAsync(actionPath);
        await byEditor.GetByTestId("request-kind").SelectOptionAsync("NEW_ACTIVITY");
        await Expect(byEditor.GetByTestId("request-activity")).ToBeHiddenAsync();
        await byEditor.GetByTestId("request-justification").FillAsync("Bacheo nocturno en el centro.");
        await byEditor.GetByTestId("request-new-description").FillAsync("Bacheo nocturno");
        await byEditor.GetByTestId("request-new-area").FillAsync("Obra pública");
        await byEditor.GetByTestId("request-new-unit").FillAsync("Metros");
        await byEditor.GetByTestId("request-new-indicator").FillAsync("Metros bacheados");
        await byEditor.GetByTestId("request-new-target-12").FillAsync("4");
        await byEditor.GetByTestId("request-submit").ClickAsync();
        await Expect(byEditor.GetByTestId("request-status-2")).ToHaveAttributeAsync("data-status", "PENDING");
        await byEditor.GetByTestId("request-kind").SelectOptionAsync("CANCELLATION");
        await byEditor.GetByTestId("request-justification").FillAsync("La señalización la hace el estado.");
        await byEditor.GetByTestId("request-cancel-activity").SelectOptionAsync($"{activityId + 1}");
        await byEditor.GetByTestId("request-submit").ClickAsync();
        await Expect(byEditor.GetByTestId("request-status-3")).ToHaveAttributeAsync("data-status", "PENDING");
        await byPlanner.GotoAsync(actionPath);
        await byPlanner.GetByTestId("request-2-authorize").ClickAsync();
        await Expect(byPlanner.GetByTestId("request-status-2")).ToHaveAttributeAsync("data-status", "AUTHORIZED");
        await byPlanner.GetByTestId("request-3-authorize").ClickAsync();
        await Expect(byPlanner.GetByTestId("request-status-3")).ToHaveAttributeAsync("data-status", "AUTHORIZED");
        await Expect(byPlanner.GetByTestId($"cell-{activityId + 2}-12-target")).ToHaveTextAsync("4");
        await Expect(byPlanner.GetByTestId($"cancelled-{activityId + 1}")).ToContainTextAsync("Señalización");
    }

    [Fact]
    public async Task ALateReportIsRefusedUntilThePlannerReopensItsMonthOnTheCalendar()
    {
        // 2022 keeps its default calendar: every month closed on the 10th of the next, long ago.
        const int year = 2022;
        await site.GraphQLAsync("mutation { openYear(municipality: \"zacatecas\", year: 2022) { slug } }", token: site.Token(PoaRoles.SuperAdmin, ""));
        await CreateActionAsync(year, Department);
        var editor = await site.UserAsync(PoaRoles.Editor, Department);
        var planner = await site.UserAsync(PoaRoles.Planner);
        var (_, activityId, _) = await ActionAsync(year, Department);

        var byEditor = await site.OpenAsync($"/poa/{year}/{Department}/1", editor);
        async Task ReportMarchAsync()
        {
            await byEditor.GetByTestId("progress-activity").SelectOptionAsync(activityId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await byEditor.GetByTestId("progress-month").SelectOptionAsync("3");
            await byEditor.GetByTestId("progress-achieved").FillAsync("10");
            await byEditor.GetByTestId("progress-submit").ClickAsync();
        }
        await ReportMarchAsync();
        await Expect(byEditor.GetByTestId("form-status")).ToContainTextAsync("El mes ya cerró");

        var calendar = await site.OpenAsync($"/calendario/{year}", planner);
        await Expect(calendar.GetByTestId("month-state-3")).ToHaveTextAsync("Cerrado");
        await calendar.GetByTestId("reopen-department").SelectOptionAsync(Department);
        await calendar.GetByTestId("reopen-month").SelectOptionAsync("3");
        await calendar.GetByTestId("reopen-submit").ClickAsync();
        await Expect(calendar.GetByTestId($"reopened-{Department}")).ToHaveTextAsync("MAR");

        await byEditor.ReloadAsync();
        await ReportMarchAsync();
        await Expect(byEditor.GetByTestId("form-status")).ToContainTextAsync("Guardado");
        await Expect(byEditor.GetByTestId($"cell-{activityId}-3-achieved")).ToHaveTextAsync("10");
        await PoaSite.ScreenshotAsync(calendar, "calendar");
    }

    private async Task<(long Version, int ActivityId, JsonArray Targets)> ActionAsync(int year, string department)
    {
        var data = await site.GraphQLAsync($$"""
            { poa(year: {{year}}) { department(slug: "{{department}}") { action(number: 1) { version activities { id monthlyTargets } } } } }
            """);
        var action = data["poa"]!["department"]!["action"]!;
        var activity = action["activities"]![0]!;
        return (action["version"]!.GetValue<long>(), activity["id"]!.GetValue<int>(), activity["monthlyTargets"]!.AsArray());
    }
}
