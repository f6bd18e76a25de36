using System.Globalization;
using System.Text.Json.Nodes;
using PoaPlatform.Auth;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>The year's cycle over HTTP and the socket: who may make which transition in which status, the lock, the
/// cut-off, modification requests with the baseline, the review inbox, comments and the poaChanged events.</summary>
[Collection(ServerCollection.Name)]
public sealed class CycleTests(PoaServerFactory server)
{
    private const string Department = "obras-publicas";
    private const string CycleFields = "status version approvalNumber allowedTransitions programmingEditable late reopenedMonths";

    public static TheoryData<string, string> StatusesAndRoles()
    {
        var data = new TheoryData<string, string>();
        foreach (var status in new[] { "CAPTURA", "ENVIADO", "EN_REVISION", "DEVUELTO", "APROBADO" })
        {
            foreach (var role in new[] { "viewer", "editor", "editor-other", "planner", "admin" })
                data.Add(status, role);
        }
        return data;
    }

    private static readonly string[] s_operations = ["submitPoa", "reviewPoa", "returnPoa", "approvePoa", "reopenPoa", "updateAction", "reportProgress", "requestModification"];

    /// <summary>Every role against every status and operation, each operation on a department of its own in that status:
    /// FORBIDDEN for a role that may not, else what the status allows (INVALID_TRANSITION, LOCKED) or success.</summary>
    [Theory]
    [MemberData(nameof(StatusesAndRoles))]
    public async Task EachRoleMayMakeWhatTheCycleAllowsInEachStatus(string status, string role)
    {
        var poa = await TestPoa.CreateAsync(server);
        foreach (var operation in s_operations)
        {
            var department = $"d-{operation.ToLowerInvariant()}";
            var action = await poa.CreateActionAsync(department, 1);
            var cycleVersion = await BringToAsync(poa, department, status);
            var client = role switch
            {
                "editor" => poa.Client(PoaRoles.Editor, department),
                "editor-other" => poa.Client(PoaRoles.Editor, "tesoreria"),
                _ => poa.Client(role),
            };
            var result = await RunAsync(client, poa, operation, department, cycleVersion, (long)(await ActionAsync(poa, department))["version"]!, (int)action["activities"]![0]!["id"]!);
            var code = (string?)result["errors"]?[0]?["extensions"]?["code"];
            Assert.True(Expected(role, status, operation) == (code ?? "ok"), $"{role} {operation} in {status}: expected {Expected(role, status, operation)}, got {result}");
        }
    }

    private static string Expected(string role, string status, string operation)
    {
        var editorOwn = role is "editor" or "admin";
        var mayAct = operation switch
        {
            "submitPoa" => editorOwn,
            "reviewPoa" or "returnPoa" or "approvePoa" => role is "planner" or "admin",
            "reopenPoa" => role == "admin",
            _ => editorOwn,
        };
        if (!mayAct)
            return "FORBIDDEN";
        var allowed = operation switch
        {
            "submitPoa" => status is "CAPTURA" or "DEVUELTO",
            "reviewPoa" => status == "ENVIADO",
            "returnPoa" or "approvePoa" => status is "ENVIADO" or "EN_REVISION",
            "reopenPoa" => status == "APROBADO",
            "updateAction" => status is "CAPTURA" or "DEVUELTO",
            "requestModification" => status == "APROBADO",
            _ => true,
        };
        return allowed ? "ok" : operation switch
        {
            "updateAction" => "LOCKED",
            _ => "INVALID_TRANSITION",
        };
    }

    private static async Task<JsonNode> RunAsync(GraphQLClient client, TestPoa poa, string operation, string department, long cycleVersion, long actionVersion, int activityId)
    {
        var target = new { municipality = poa.Municipality, year = TestPoa.Year, department, number = 1, expectedVersion = actionVersion };
        return operation switch
        {
            "updateAction" => await client.SendAsync("mutation($input: UpdateActionInput!) { updateAction(input: $input) { version } }",
                new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department, number = 1, expectedVersion = actionVersion, goal = "Otra meta" } }),
            "reportProgress" => await poa.ReportProgressAsync(client, department, 1, actionVersion, activityId, 2, 10),
            "requestModification" => await client.SendAsync("mutation($input: RequestModificationInput!) { requestModification(input: $input) { version } }",
                new { input = new { target.municipality, target.year, target.department, target.number, target.expectedVersion, kind = "INCREASE", justification = "Más obras.", investment = 2000m } }),
            _ => await client.SendAsync($$"""mutation($input: CycleInput!) { {{operation}}(input: $input) { version } }""",
                new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department, expectedVersion = cycleVersion, comment = "Motivo de prueba." } }),
        };
    }

    /// <summary>Moves a department to a status the way people do, and returns its cycle version.</summary>
    private static async Task<long> BringToAsync(TestPoa poa, string department, string status)
    {
        var version = 0L;
        async Task Move(string mutation, string? comment = null) =>
            version = (long)(await CycleAsync(poa.Admin, poa, mutation, department, version, comment))["version"]!;
        if (status == "CAPTURA")
            return version;
        await Move("submitPoa");
        switch (status)
        {
            case "EN_REVISION":
                await Move("reviewPoa");
                break;
            case "DEVUELTO":
                await Move("returnPoa", "Corregir metas.");
                break;
            case "APROBADO":
                await Move("approvePoa");
                break;
        }
        return version;
    }

    private static async Task<JsonNode> CycleAsync(GraphQLClient client, TestPoa poa, string mutation, string department, long expectedVersion,
        string? comment = null, object[]? explanations = null)
    {
        var data = await client.DataAsync($$"""
            mutation($input: CycleInput!) { {{mutation}}(input: $input) { version department { cycle { {{CycleFields}} } } } }
            """, new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department, expectedVersion, comment, explanations } });
        return data[mutation]!["department"]!["cycle"]!;
    }

    private static async Task<JsonNode> ActionAsync(TestPoa poa, string department, string fields = "version")
    {
        var data = await poa.Admin.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "{{department}}") { action(number: 1) { {{fields}} } } } }
            """);
        return data["poa"]!["department"]!["action"]!;
    }

    [Fact]
    public async Task AWarningNeedsItsExplanationWhichTheReviewerSeesBesideItAndAnInvalidTransitionSaysWhatIsAllowed()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1, investment: 1000m, budgetItems: ["ABCD"]);
        var editor = poa.Client(PoaRoles.Editor, Department);

        var checks = await poa.Admin.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "{{Department}}") { cycle { submissionChecks { key finding { code severity } explanation } } } } }
            """);
        var check = checks["poa"]!["department"]!["cycle"]!["submissionChecks"]![0]!;
        var unexplained = await editor.ErrorAsync("mutation($input: CycleInput!) { submitPoa(input: $input) { version } }",
            new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, expectedVersion = 0 } });
        var cycle = await CycleAsync(editor, poa, "submitPoa", Department, 0,
            explanations: [new { findingKey = (string)check["key"]!, text = "La partida se corrige con Finanzas." }]);
        var invalid = await editor.ErrorAsync("mutation($input: CycleInput!) { submitPoa(input: $input) { version } }",
            new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, expectedVersion = 1 } });
        var review = await poa.Client(PoaRoles.Planner).DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { reviewInbox { totalCount nodes { slug cycle { status submittedAt submissionChecks { key explanation } } } } } }
            """);

        Assert.Equal(("INVALID_BUDGET_ITEM", "WARNING"), ((string?)check["finding"]!["code"], (string?)check["finding"]!["severity"]));
        Assert.Equal(("VALIDATION", "explanations"), ((string?)unexplained["extensions"]!["code"], (string?)unexplained["extensions"]!["field"]));
        Assert.Equal("ENVIADO", (string?)cycle["status"]);
        Assert.Equal(("INVALID_TRANSITION", "ENVIADO"), ((string?)invalid["extensions"]!["code"], (string?)invalid["extensions"]!["currentValue"]));
        Assert.Equal(["TAKE_FOR_REVIEW", "RETURN", "APPROVE"], invalid["extensions"]!["allowed"]!.AsArray().Select(a => (string?)a));
        var waiting = Assert.Single(review["poa"]!["reviewInbox"]!["nodes"]!.AsArray())!;
        Assert.Equal(Department, (string?)waiting["slug"]);
        Assert.Equal("La partida se corrige con Finanzas.", (string?)waiting["cycle"]!["submissionChecks"]![0]!["explanation"]);
    }

    [Fact]
    public async Task TwoReviewersOverHttpGetOneSuccessAndOneConflict()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1);
        var submitted = await BringToAsync(poa, Department, "ENVIADO");

        var answers = await Task.WhenAll(
            poa.Client(PoaRoles.Planner).SendAsync("mutation($input: CycleInput!) { approvePoa(input: $input) { version } }",
                new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, expectedVersion = submitted } }),
            poa.Admin.SendAsync("mutation($input: CycleInput!) { returnPoa(input: $input) { version } }",
                new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, expectedVersion = submitted, comment = "Revisar." } }));

        Assert.Single(answers, a => a["errors"] is null);
        var conflict = Assert.Single(answers, a => a["errors"] is not null);
        Assert.Equal("CONFLICT", (string?)conflict["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task AReportAfterItsCutOffIsRefusedUntilAPlannerReopensTheMonthForTheDepartment()
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync(Department, 1);
        var cutOffs = TestCalendar.OpenCutOffs();
        cutOffs[2] = new DateOnly(2021, 4, 10);
        await poa.SetCalendarAsync(TestPoa.Year, cutOffs, "2021-01-31", expectedVersion: 1);
        var activity = (int)action["activities"]![0]!["id"]!;
        var version = (long)action["version"]!;
        var editor = poa.Client(PoaRoles.Editor, Department);

        var late = await poa.ReportProgressAsync(editor, Department, 1, version, activity, 3, 10);
        var notByEditors = await editor.ErrorAsync("mutation($input: ReopenMonthInput!) { reopenMonth(input: $input) { version } }",
            new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, month = 3, expectedVersion = 0 } });
        var reopened = await poa.Client(PoaRoles.Planner).DataAsync($$"""
            mutation($input: ReopenMonthInput!) { reopenMonth(input: $input) { version department { cycle { {{CycleFields}} } } } }
            """, new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, month = 3, expectedVersion = 0 } });
        var accepted = await poa.ReportProgressAsync(editor, Department, 1, version, activity, 3, 10);
        var city = await poa.Client(PoaRoles.Planner).DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { calendar { version cutOffs submissionDeadline } lateDepartments { nodes { slug } }
                statusCounts { status count } } }
            """);

        Assert.Equal("MONTH_CLOSED", (string?)late["errors"]![0]!["extensions"]!["code"]);
        Assert.Equal("FORBIDDEN", (string?)notByEditors["extensions"]!["code"]);
        Assert.Equal([3], reopened["reopenMonth"]!["department"]!["cycle"]!["reopenedMonths"]!.AsArray().Select(m => (int)m!));
        Assert.Null(accepted["errors"]);
        Assert.Equal("2021-04-10", (string?)city["poa"]!["calendar"]!["cutOffs"]![2]);
        Assert.Equal(Department, (string?)Assert.Single(city["poa"]!["lateDepartments"]!["nodes"]!.AsArray())!["slug"]);
        Assert.Equal(1, (int)city["poa"]!["statusCounts"]!.AsArray().Single(s => (string?)s!["status"] == "CAPTURA")!["count"]!);
    }

    [Fact]
    public async Task AnAuthorisedRequestChangesTheModifiedPlanAndLeavesTheBaselineAsApproved()
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync(Department, 1, investment: 1000m);
        var activity = (int)action["activities"]![0]!["id"]!;
        await BringToAsync(poa, Department, "APROBADO");
        var editor = poa.Client(PoaRoles.Editor, Department);

        var request = await editor.DataAsync("""
            mutation($input: RequestModificationInput!) { requestModification(input: $input) { version action { modificationRequests { nodes { id status kind changes } } } } }
            """, new
        {
            input = new
            {
                municipality = poa.Municipality, year = TestPoa.Year, department = Department, number = 1, expectedVersion = (long)action["version"]!,
                kind = "INCREASE", justification = "Dos colonias más.", investment = 1500m,
                activityInvestments = new[] { new { activityId = activity, investment = 1000m } },
                targets = new[] { new { activityId = activity, month = 12, value = 20m } },
            },
        });
        var requested = request["requestModification"]!;
        var byEditor = await editor.ErrorAsync("mutation($input: DecideModificationInput!) { decideModification(input: $input) { version } }",
            new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, number = 1, expectedVersion = (long)requested["version"]!, requestId = 1, authorize = true } });
        var decided = await poa.Client(PoaRoles.Planner).DataAsync("""
            mutation($input: DecideModificationInput!) { decideModification(input: $input) { version action { investment modificationRequests { nodes { status decidedBy } }
                baseline { investment investmentDifference monthlyTargets monthlyDifference } } } }
            """, new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, number = 1, expectedVersion = (long)requested["version"]!, requestId = 1, authorize = true, comment = "Autorizada." } });
        var city = await poa.Admin.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { totals { investment approvedInvestment investmentDifference }
                monthly { month programmed approved } department(slug: "{{Department}}") { pendingRequests totals { investment approvedInvestment } } } }
            """);

        var pending = Assert.Single(requested["action"]!["modificationRequests"]!["nodes"]!.AsArray())!;
        Assert.Equal(("PENDING", "INCREASE"), ((string?)pending["status"], (string?)pending["kind"]));
        Assert.Equal(3, pending["changes"]!.AsArray().Count);
        Assert.Equal("FORBIDDEN", (string?)byEditor["extensions"]!["code"]);
        var after = decided["decideModification"]!["action"]!;
        Assert.Equal(1500m, (decimal)after["investment"]!);
        Assert.Equal("AUTHORIZED", (string?)after["modificationRequests"]!["nodes"]![0]!["status"]);
        Assert.Equal((1000m, 500m), ((decimal)after["baseline"]!["investment"]!, (decimal)after["baseline"]!["investmentDifference"]!));
        Assert.Equal((15m, 10m), ((decimal)after["baseline"]!["monthlyTargets"]![11]!, (decimal)after["baseline"]!["monthlyDifference"]![11]!));
        var totals = city["poa"]!["totals"]!;
        Assert.Equal((1500m, 1000m, 500m), ((decimal)totals["investment"]!, (decimal)totals["approvedInvestment"]!, (decimal)totals["investmentDifference"]!));
        var december = city["poa"]!["monthly"]![11]!;
        Assert.Equal((25m, 15m), ((decimal)december["programmed"]!, (decimal)december["approved"]!));
        Assert.Equal(0, (int)city["poa"]!["department"]!["pendingRequests"]!);
    }

    [Fact]
    public async Task ImportingAsApprovedIsForPlannersAndAnApprovedPoaIsNotImportedAgain()
    {
        var poa = await TestPoa.CreateAsync(server);
        const string Import = "mutation($m: String!, $doc: String!, $approved: Boolean!) { importPoa(municipality: $m, document: $doc, approved: $approved) { importedActions } }";

        var imported = await poa.Client(PoaRoles.Planner).DataAsync(Import, new { m = poa.Municipality, doc = Samples.SeedText, approved = true });
        var again = await poa.Admin.SendAsync(Import, new { m = poa.Municipality, doc = Samples.SeedText, approved = false });
        var status = await poa.Admin.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "secretaria-particular") { cycle { status approvalNumber history { nodes { transition } } } } } }
            """);

        Assert.Equal(9, (int)imported["importPoa"]!["importedActions"]!);
        var cycle = status["poa"]!["department"]!["cycle"]!;
        Assert.Equal(("APROBADO", 1, "IMPORT_APPROVED"), ((string?)cycle["status"], (int)cycle["approvalNumber"]!, (string?)cycle["history"]!["nodes"]![0]!["transition"]));
        var refused = again["errors"]![0]!;
        Assert.Equal("LOCKED", (string?)refused["extensions"]!["code"]);
        Assert.Contains("modification request", (string?)refused["message"], StringComparison.Ordinal);
        Assert.Equal(0, (int)again["data"]!["importPoa"]!["importedActions"]!);
    }

    [Fact]
    public async Task CommentsFormAThreadPerDepartmentAndPerActionWhichTheDepartmentAndTheReviewersShare()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1);
        const string Add = "mutation($input: AddCommentInput!) { addComment(input: $input) { id author authorRole text path } }";

        await poa.Client(PoaRoles.Planner).DataAsync(Add, new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, text = "Falta la meta de diciembre." } });
        await poa.Client(PoaRoles.Editor, Department).DataAsync(Add, new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, number = 1, path = "activity/1/target/12", text = "Corregida." } });
        var outsider = await poa.Client(PoaRoles.Editor, "tesoreria").ErrorAsync(Add, new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, text = "Hola" } });
        var badPath = await poa.Client(PoaRoles.Planner).ErrorAsync(Add, new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, number = 1, path = "no/es/ruta", text = "x" } });
        var threads = await poa.Admin.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "{{Department}}") { comments { nodes { text } } all: comments(withActions: true) { totalCount }
                action(number: 1) { comments { nodes { text path authorRole } } } } } }
            """);

        var department = threads["poa"]!["department"]!;
        Assert.Equal(["Falta la meta de diciembre."], department["comments"]!["nodes"]!.AsArray().Select(c => (string?)c!["text"]));
        Assert.Equal(2, (int)department["all"]!["totalCount"]!);
        var onAction = Assert.Single(department["action"]!["comments"]!["nodes"]!.AsArray())!;
        Assert.Equal(("Corregida.", "activity/1/target/12", "editor"), ((string?)onAction["text"], (string?)onAction["path"], (string?)onAction["authorRole"]));
        Assert.Equal("FORBIDDEN", (string?)outsider["extensions"]!["code"]);
        Assert.Equal(("VALIDATION", "path"), ((string?)badPath["extensions"]!["code"], (string?)badPath["extensions"]!["field"]));
    }

    [Fact]
    public async Task AThreadIsReadPageByPageWithItsCountAndNoCommentIsLeftOut()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1);
        var planner = poa.Client(PoaRoles.Planner);
        foreach (var i in Enumerable.Range(1, 5))
        {
            await planner.DataAsync("mutation($input: AddCommentInput!) { addComment(input: $input) { id } }",
                new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, text = $"Comentario {i}" } });
        }
        const string Page = """
            query($m: String!, $d: String!, $after: String) { poa(municipality: $m, year: 2021) { department(slug: $d) {
                comments(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { text } } } } }
            """;

        var texts = new List<string?>();
        var pages = new List<(int Count, int Total, bool More)>();
        string? after = null;
        do
        {
            var page = (await planner.DataAsync(Page, new { m = poa.Municipality, d = Department, after }))["poa"]!["department"]!["comments"]!;
            texts.AddRange(page["nodes"]!.AsArray().Select(n => (string?)n!["text"]));
            pages.Add((page["nodes"]!.AsArray().Count, (int)page["totalCount"]!, (bool)page["pageInfo"]!["hasNextPage"]!));
            after = (bool)page["pageInfo"]!["hasNextPage"]! ? (string?)page["pageInfo"]!["endCursor"] : null;
        }
        while (after is not null && pages.Count < 10);
        var tooMany = await planner.ErrorAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "{{Department}}") { comments(first: 501) { totalCount } } } }""");

        Assert.Equal([(2, 5, true), (2, 5, true), (1, 5, false)], pages);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"Comentario {i}"), texts);
        Assert.Equal("BAD_REQUEST", (string?)tooMany["extensions"]!["code"]);
    }

    [Fact]
    public async Task ACommentIsSeenByPoaChangedSubscribersAndInTheAuditTrailOfItsAction()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1);
        using var socket = await PoaChangedSubscriberAsync(poa);

        await poa.Client(PoaRoles.Planner).DataAsync("mutation($input: AddCommentInput!) { addComment(input: $input) { id } }",
            new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = Department, number = 1, path = "activity/1/target/12", text = "Revisen diciembre." } });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var next = await socket.ReceiveAsync(timeout.Token);
        var audit = await poa.Admin.DataAsync($$"""
            { poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "{{Department}}") { action(number: 1) { audit(first: 50) { command field user newValue } } } } }
            """);

        Assert.Equal(("next", Department), (next["type"]!.GetValue<string>(), next["payload"]!["data"]!["poaChanged"]!["department"]!.GetValue<string>()));
        var entries = audit["poa"]!["department"]!["action"]!["audit"]!.AsArray();
        var comment = Assert.Single(entries, e => (string?)e!["command"] == "addComment")!;
        Assert.Equal(("activity/1/target/12", "Revisen diciembre."), ((string?)comment["field"], (string?)comment["newValue"]));
        Assert.Equal("addComment", (string?)entries[0]!["command"]);
    }

    [Fact]
    public async Task ATransitionIsSeenByPoaChangedSubscribers()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1);
        using var socket = await PoaChangedSubscriberAsync(poa);

        await CycleAsync(poa.Admin, poa, "submitPoa", Department, 0);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var next = await socket.ReceiveAsync(timeout.Token);
        Assert.Equal(("next", Department), (next["type"]!.GetValue<string>(), next["payload"]!["data"]!["poaChanged"]!["department"]!.GetValue<string>()));
    }

    /// <summary>A planner's socket subscribed to the POA's changes, given a moment to be registered.</summary>
    private async Task<GraphQLWebSocketClient> PoaChangedSubscriberAsync(TestPoa poa)
    {
        var socket = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await socket.InitAsync(server.Token(PoaRoles.Planner, "", poa.Municipality));
        await socket.SendAsync(new { id = "s", type = "subscribe", payload = new { query = $$"""subscription { poaChanged(municipality: "{{poa.Municipality}}", year: 2021) { department } }""" } });
        await Task.Delay(300);
        return socket;
    }
}
