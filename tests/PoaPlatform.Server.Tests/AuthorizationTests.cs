using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PoaPlatform.Auth;
using PoaPlatform.Server.GraphQL.WebSockets;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class AuthorizationTests(PoaServerFactory server)
{
    private const string OwnDepartment = "tesoreria";
    private const string OtherDepartment = "obras-publicas";

    private static readonly string[] s_operations = ["read", "edit", "create", "delete", "import", "subscribe"];

    /// <summary>Who may do what in their own municipality: "any" department, only the "own" department, or "none".
    /// In another municipality nobody writes, except an operator (superadmin); everybody reads while reading is public.</summary>
    private static readonly Dictionary<(string Role, string Operation), string> s_matrix = new()
    {
        [(PoaRoles.Viewer, "read")] = "any",
        [(PoaRoles.Viewer, "subscribe")] = "any",
        [(PoaRoles.Viewer, "edit")] = "none",
        [(PoaRoles.Viewer, "create")] = "none",
        [(PoaRoles.Viewer, "delete")] = "none",
        [(PoaRoles.Viewer, "import")] = "none",
        [(PoaRoles.Editor, "read")] = "any",
        [(PoaRoles.Editor, "subscribe")] = "any",
        [(PoaRoles.Editor, "edit")] = "own",
        [(PoaRoles.Editor, "create")] = "own",
        [(PoaRoles.Editor, "delete")] = "own",
        [(PoaRoles.Editor, "import")] = "none",
        [(PoaRoles.Planner, "read")] = "any",
        [(PoaRoles.Planner, "subscribe")] = "any",
        [(PoaRoles.Planner, "edit")] = "none",
        [(PoaRoles.Planner, "create")] = "any",
        [(PoaRoles.Planner, "delete")] = "any",
        [(PoaRoles.Planner, "import")] = "any",
        [(PoaRoles.Admin, "read")] = "any",
        [(PoaRoles.Admin, "subscribe")] = "any",
        [(PoaRoles.Admin, "edit")] = "any",
        [(PoaRoles.Admin, "create")] = "any",
        [(PoaRoles.Admin, "delete")] = "any",
        [(PoaRoles.Admin, "import")] = "any",
        [(PoaRoles.SuperAdmin, "read")] = "any",
        [(PoaRoles.SuperAdmin, "subscribe")] = "any",
        [(PoaRoles.SuperAdmin, "edit")] = "any",
        [(PoaRoles.SuperAdmin, "create")] = "any",
        [(PoaRoles.SuperAdmin, "delete")] = "any",
        [(PoaRoles.SuperAdmin, "import")] = "any",
    };

    public static TheoryData<string, bool, bool, string, string> Cases()
    {
        var data = new TheoryData<string, bool, bool, string, string>();
        foreach (var transport in (string[])["http", "websocket"])
            foreach (var role in PoaRoles.All)
                foreach (var ownDepartment in new[] { true, false })
                    foreach (var ownMunicipality in new[] { true, false })
                        foreach (var operation in s_operations.Where(o => IsServedOver(transport, o)))
                            data.Add(transport, ownMunicipality, ownDepartment, role, operation);
        return data;
    }

    /// <summary>Subscriptions stream over the WebSocket only; everything else runs over both transports.</summary>
    internal static bool IsServedOver(string transport, string operation) => operation != "subscribe" || transport == "websocket";

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachRoleMayDoWhatTheMatrixSaysInItsOwnAndAnotherDepartmentAndMunicipality(
        string transport, bool ownMunicipality, bool ownDepartment, string role, string operation)
    {
        var target = ownDepartment ? OwnDepartment : OtherDepartment;
        var (poa, action) = await TargetAsync(server, operation, target);
        // A token of another municipality (zacatecas) aimed at this test's municipality.
        var token = server.Token(role, OwnDepartment, ownMunicipality ? poa.Municipality : TestMunicipalities.Default);

        var result = await RunAsync(server, transport, token, poa, operation, target, action);

        var allowed = (ownMunicipality || role == PoaRoles.SuperAdmin || operation is "read" or "subscribe") && s_matrix[(role, operation)] switch
        {
            "any" => true,
            "own" => ownDepartment || role == PoaRoles.SuperAdmin,
            _ => false,
        };
        var code = (string?)result["errors"]?[0]?["extensions"]?["code"];
        if (allowed)
            Assert.True(code is null or "BAD_POA_FORMAT", $"{role} of {(ownMunicipality ? "this" : "another")} municipality should {operation} in {target} over {transport}: {result}");
        else
            Assert.Equal("FORBIDDEN", code);
    }

    [Theory]
    [InlineData(PoaRoles.Viewer, true)]
    [InlineData(PoaRoles.Editor, false)]
    [InlineData(PoaRoles.Admin, true)]
    [InlineData(PoaRoles.SuperAdmin, false)]
    public async Task ASubscriptionIsAReadThatAnyUserMakesWhileReadingIsPublic(string role, bool ownMunicipality)
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync(OwnDepartment, 1);
        using var socket = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await socket.InitAsync(server.Token(role, OwnDepartment, ownMunicipality ? poa.Municipality : TestMunicipalities.Default));
        await socket.SendAsync(new { id = "s", type = "subscribe", payload = new { query = $$"""subscription { poaChanged(municipality: "{{poa.Municipality}}", year: 2021) { department } }""" } });
        await Task.Delay(300);

        await poa.ReportProgressAsync(poa.Admin, OwnDepartment, 1, (long)action["version"]!, (int)action["activities"]![0]!["id"]!, 3, 2);

        var next = await socket.ReceiveAsync();
        Assert.Equal(("next", "s", OwnDepartment), (next["type"]!.GetValue<string>(), next["id"]!.GetValue<string>(), next["payload"]!["data"]!["poaChanged"]!["department"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("edit")]
    [InlineData("create")]
    [InlineData("delete")]
    [InlineData("import")]
    public async Task EveryMutationWithoutATokenIsUnauthenticated(string operation)
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync(OwnDepartment, 1);
        var result = await RunAsync(server.Client(), poa, operation, OwnDepartment, action);
        Assert.Equal("UNAUTHENTICATED", (string?)result["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyCountsAsNoToken()
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync(OwnDepartment, 1);
        var foreignKey = DevelopmentSigningKey.FromBase64(Convert.ToBase64String(new byte[64]));
        var forged = new TokenIssuer(foreignKey).Issue("mallory", poa.Municipality, OwnDepartment, PoaRoles.Admin, TimeSpan.FromHours(1));
        var result = await RunAsync(server.Client(forged), poa, "edit", OwnDepartment, action);
        Assert.Equal("UNAUTHENTICATED", (string?)result["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task ATokenWithoutAMunicipalityIsRefused()
    {
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync(OwnDepartment, 1);
        var old = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = PoaClaims.Issuer,
            Audience = PoaClaims.Audience,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(DevelopmentSigningKey.LoadOrCreate(server.DataDirectory), "HS256"),
            Claims = new Dictionary<string, object> { ["sub"] = "antiguo", ["role"] = PoaRoles.Admin, ["department"] = OwnDepartment },
        });

        var result = await RunAsync(server.Client(old), poa, "edit", OwnDepartment, action);

        Assert.Equal("UNAUTHENTICATED", (string?)result["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task AWriteToAnUnknownMunicipalityOrYearIsNotFoundAndCreatesNothing()
    {
        var superAdmin = server.SuperAdmin();
        var unknown = await superAdmin.ErrorAsync("mutation($input: CreateActionInput!) { createAction(input: $input) { version } }",
            new { input = new { municipality = "otro-municipio", year = 2030, department = OwnDepartment, number = 1, name = "Nueva" } });
        var unopened = await superAdmin.ErrorAsync("mutation($input: CreateActionInput!) { createAction(input: $input) { version } }",
            new { input = new { municipality = TestMunicipalities.Default, year = 2030, department = OwnDepartment, number = 1, name = "Nueva" } });
        var read = await server.Client().ErrorAsync("{ poa(municipality: \"otro-municipio\", year: 2030) { key } }");

        Assert.Equal("NOT_FOUND", (string?)unknown["extensions"]!["code"]);
        Assert.Equal("NOT_FOUND", (string?)unopened["extensions"]!["code"]);
        Assert.Contains("openYear", (string?)unopened["message"], StringComparison.Ordinal);
        Assert.Equal("NOT_FOUND", (string?)read["extensions"]!["code"]);
        var municipalities = await server.Client().DataAsync("{ municipalities { slug years } }");
        Assert.DoesNotContain(municipalities["municipalities"]!.AsArray(), m => (string?)m!["slug"] == "otro-municipio");
        Assert.Equal(0, server.GrainCalls.Count("otro-municipio/", ""));
    }

    [Fact]
    public async Task ReadingIsPublicWithoutAToken()
    {
        var poa = await TestPoa.CreateAsync(server);
        var data = await server.Client().DataAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { key } }""");
        Assert.Equal(poa.Key, (string?)data["poa"]!["key"]);
    }

    private static async Task<JsonNode> RunAsync(GraphQLClient client, TestPoa poa, string operation, string department, JsonNode action)
    {
        var (query, variables) = Operation(poa, operation, department, action);
        return await client.SendAsync(query, variables);
    }

    /// <summary>The POA and action 1 of the department an operation of the matrix aims at: a municipality of its own for
    /// a write, one shared by the reads (and subscriptions) of a host, which change nothing they could see.</summary>
    internal static async Task<(TestPoa Poa, JsonNode Action)> TargetAsync(PoaServerFactory server, string operation, string department)
    {
        if (operation is not ("read" or "subscribe"))
        {
            var poa = await TestPoa.CreateAsync(server);
            return (poa, await poa.CreateActionAsync(department, 1));
        }
        var shared = await s_readTargets.GetValue(server, CreateReadTargetAsync);
        return (shared.Poa, shared.Actions[department]);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PoaServerFactory, Task<ReadTarget>> s_readTargets = new();

    private static int s_triggerNumber = 100;

    private sealed record ReadTarget(TestPoa Poa, Dictionary<string, JsonNode> Actions);

    private static async Task<ReadTarget> CreateReadTargetAsync(PoaServerFactory server)
    {
        var poa = await TestPoa.CreateAsync(server);
        return new ReadTarget(poa, new Dictionary<string, JsonNode>(StringComparer.Ordinal)
        {
            [OwnDepartment] = await poa.CreateActionAsync(OwnDepartment, 1),
            [OtherDepartment] = await poa.CreateActionAsync(OtherDepartment, 1),
        });
    }

    /// <summary>One operation of the matrix with a token, over HTTP or the WebSocket; the answer as an HTTP body.</summary>
    internal static Task<JsonNode> RunAsync(PoaServerFactory server, string transport, string token, TestPoa poa, string operation, string department, JsonNode action) =>
        transport == "http"
            ? RunAsync(server.Client(token), poa, operation, department, action)
            : RunOverSocketAsync(server, token, poa, operation, department, action);

    /// <summary>The same operation over graphql-transport-ws, answered as the payload of its next or error message. A
    /// subscription's first event is an action that the municipality's admin creates once it is subscribed.</summary>
    private static async Task<JsonNode> RunOverSocketAsync(PoaServerFactory server, string token, TestPoa poa, string operation, string department, JsonNode action)
    {
        var (query, variables) = Operation(poa, operation, department, action);
        using var socket = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await socket.InitAsync(token);
        JsonNode answer;
        if (operation == "subscribe")
        {
            await socket.SendAsync(new { id = "op", type = "subscribe", payload = new { query, variables } });
            var first = socket.ReceiveAsync();
            // The socket says nothing when a subscription starts: change the POA until an event (or the refusal) arrives.
            for (var attempt = 1; attempt <= 10 && !first.IsCompleted; attempt++)
            {
                await poa.CreateActionAsync(department, Interlocked.Increment(ref s_triggerNumber));
                await Task.WhenAny(first, Task.Delay(TimeSpan.FromMilliseconds(50 * attempt)));
            }
            answer = await first;
            Assert.Equal("op", answer["id"]?.GetValue<string>());
        }
        else
        {
            answer = await socket.RunAsync("op", query, variables);
        }
        return answer["type"]!.GetValue<string>() == "error" ? new JsonObject { ["errors"] = answer["payload"]!.DeepClone() } : answer["payload"]!;
    }

    private static (string Query, object? Variables) Operation(TestPoa poa, string operation, string department, JsonNode action)
    {
        var version = (long)action["version"]!;
        var activity = (int)action["activities"]![0]!["id"]!;
        return operation switch
        {
            "read" => ($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "{{department}}") { actions { nodes { goal } } } } }""", null),
            "edit" => ("mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }",
                new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department, number = 1, expectedVersion = version, activityId = activity, month = 1, achieved = 1m, spent = 0m, note = "Avance" } }),
            "create" => ("mutation($input: CreateActionInput!) { createAction(input: $input) { version } }",
                new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department, number = 2, name = "Nueva" } }),
            "delete" => ("mutation($input: DeleteActionInput!) { deleteAction(input: $input) { version } }",
                new { input = poa.Target(department, 1, version) }),
            "import" => ("mutation($m: String!, $doc: String!) { importPoa(municipality: $m, document: $doc, dryRun: true) { year } }",
                new { m = poa.Municipality, doc = "no es un POA" }),
            "subscribe" => ($$"""subscription { poaChanged(municipality: "{{poa.Municipality}}", year: 2021) { department } }""", null),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }
}

/// <summary>A host with Auth:PublicRead false.</summary>
public sealed class PrivateReadTests : IClassFixture<PrivateReadServerFactory>
{
    private readonly PrivateReadServerFactory _server;

    public PrivateReadTests(PrivateReadServerFactory server) => _server = server;

    public static TheoryData<string, bool, bool, string, string> ReadCases()
    {
        var data = new TheoryData<string, bool, bool, string, string>();
        foreach (var transport in (string[])["http", "websocket"])
            foreach (var role in PoaRoles.All)
                foreach (var ownDepartment in new[] { true, false })
                    foreach (var ownMunicipality in new[] { true, false })
                        foreach (var operation in ((string[])["read", "subscribe"]).Where(o => AuthorizationTests.IsServedOver(transport, o)))
                            data.Add(transport, ownMunicipality, ownDepartment, role, operation);
        return data;
    }

    /// <summary>The reads of the authorization matrix with Auth:PublicRead false: every role reads and subscribes to
    /// every department of its own municipality, and only an operator reads another municipality.</summary>
    [Theory]
    [MemberData(nameof(ReadCases))]
    public async Task WithoutPublicReadEachRoleReadsAndSubscribesOnlyInItsOwnMunicipality(
        string transport, bool ownMunicipality, bool ownDepartment, string role, string operation)
    {
        var target = ownDepartment ? "tesoreria" : "obras-publicas";
        var (poa, action) = await AuthorizationTests.TargetAsync(_server, operation, target);
        var token = _server.Token(role, "tesoreria", ownMunicipality ? poa.Municipality : TestMunicipalities.Default);

        var result = await AuthorizationTests.RunAsync(_server, transport, token, poa, operation, target, action);

        var code = (string?)result["errors"]?[0]?["extensions"]?["code"];
        if (ownMunicipality || role == PoaRoles.SuperAdmin)
            Assert.True(code is null, $"{role} of {(ownMunicipality ? "this" : "another")} municipality should {operation} {target} over {transport}: {result}");
        else
            Assert.Equal("FORBIDDEN", code);
    }

    [Fact]
    public async Task WithoutPublicReadAnAnonymousReadIsUnauthenticated()
    {
        var error = await _server.Client().ErrorAsync("{ poa(year: 2021) { key } }");
        Assert.Equal("UNAUTHENTICATED", (string?)error["extensions"]!["code"]);
    }

    [Fact]
    public async Task WithoutPublicReadAViewerOfTheMunicipalityReadsItAndOneOfAnotherDoesNot()
    {
        var data = await _server.Client(PoaRoles.Viewer, "cultura").DataAsync("{ poa(year: 2021) { key totals { actions } } }");
        var other = await TestPoa.CreateAsync(_server);
        var foreign = await _server.Client(PoaRoles.Viewer, "cultura").ErrorAsync($$"""{ poa(municipality: "{{other.Municipality}}", year: 2021) { key } }""");

        Assert.Equal("zacatecas/2021", (string?)data["poa"]!["key"]);
        Assert.Equal("FORBIDDEN", (string?)foreign["extensions"]!["code"]);
    }

    [Fact]
    public async Task WithoutPublicReadASubscriptionOfAnotherMunicipalityIsRefusedOverTheSocket()
    {
        var other = await TestPoa.CreateAsync(_server);
        var query = $$"""subscription { poaChanged(municipality: "{{other.Municipality}}", year: 2021) { department } }""";
        // Someone of that municipality already holds the same subscription: the refusal does not depend on sharing it.
        var shared = _server.Services.GetRequiredService<SharedStreams>();
        using var insider = await GraphQLWebSocketClient.ConnectAsync(_server.Address);
        await insider.InitAsync(_server.Token(PoaRoles.Viewer, "cultura", other.Municipality));
        var key = await insider.SubscribeAsync("s", query);
        await Eventually.TrueAsync(() => shared.SubscribersOf(key) == 1);
        using var socket = await GraphQLWebSocketClient.ConnectAsync(_server.Address);
        await socket.InitAsync(_server.Token(PoaRoles.Viewer, "cultura"));

        var answer = await socket.RunAsync("s", query);

        Assert.Equal("error", answer["type"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", (string?)answer["payload"]![0]!["extensions"]!["code"]);
        Assert.Equal(1, shared.SubscribersOf(key));
    }
}
