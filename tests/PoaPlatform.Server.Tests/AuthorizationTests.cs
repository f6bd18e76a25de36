using System.Text.Json.Nodes;
using PoaPlatform.Auth;

namespace PoaPlatform.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class AuthorizationTests(PoaServerFactory server)
{
    private const string OwnDepartment = "tesoreria";
    private const string OtherDepartment = "obras-publicas";

    /// <summary>Who may do what: "any" department, only the "own" department, or "none".</summary>
    private static readonly Dictionary<(string Role, string Operation), string> s_matrix = new()
    {
        [(PoaRoles.Viewer, "read")] = "any",
        [(PoaRoles.Viewer, "edit")] = "none",
        [(PoaRoles.Viewer, "create")] = "none",
        [(PoaRoles.Viewer, "delete")] = "none",
        [(PoaRoles.Viewer, "import")] = "none",
        [(PoaRoles.Editor, "read")] = "any",
        [(PoaRoles.Editor, "edit")] = "own",
        [(PoaRoles.Editor, "create")] = "own",
        [(PoaRoles.Editor, "delete")] = "own",
        [(PoaRoles.Editor, "import")] = "none",
        [(PoaRoles.Planner, "read")] = "any",
        [(PoaRoles.Planner, "edit")] = "none",
        [(PoaRoles.Planner, "create")] = "any",
        [(PoaRoles.Planner, "delete")] = "any",
        [(PoaRoles.Planner, "import")] = "any",
        [(PoaRoles.Admin, "read")] = "any",
        [(PoaRoles.Admin, "edit")] = "any",
        [(PoaRoles.Admin, "create")] = "any",
        [(PoaRoles.Admin, "delete")] = "any",
        [(PoaRoles.Admin, "import")] = "any",
    };

    public static TheoryData<string, bool, string> Cases()
    {
        var data = new TheoryData<string, bool, string>();
        foreach (var role in PoaRoles.All)
            foreach (var own in new[] { true, false })
                foreach (var operation in new[] { "read", "edit", "create", "delete", "import" })
                    data.Add(role, own, operation);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachRoleMayDoWhatTheMatrixSaysInItsOwnAndInAnotherDepartment(string role, bool ownDepartment, string operation)
    {
        var poa = new TestPoa(server);
        var target = ownDepartment ? OwnDepartment : OtherDepartment;
        var action = await poa.CreateActionAsync(target, 1);
        var client = server.Client(role, OwnDepartment);

        var result = await RunAsync(client, poa, operation, target, action);

        var allowed = s_matrix[(role, operation)] switch
        {
            "any" => true,
            "own" => ownDepartment,
            _ => false,
        };
        var code = (string?)result["errors"]?[0]?["extensions"]?["code"];
        if (allowed)
            Assert.True(code is not ("FORBIDDEN" or "UNAUTHENTICATED"), $"{role} should {operation} in {target}: {result}");
        else
            Assert.Equal("FORBIDDEN", code);
    }

    [Theory]
    [InlineData("edit")]
    [InlineData("create")]
    [InlineData("delete")]
    [InlineData("import")]
    public async Task EveryMutationWithoutATokenIsUnauthenticated(string operation)
    {
        var poa = new TestPoa(server);
        var action = await poa.CreateActionAsync(OwnDepartment, 1);
        var result = await RunAsync(server.Client(), poa, operation, OwnDepartment, action);
        Assert.Equal("UNAUTHENTICATED", (string?)result["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyCountsAsNoToken()
    {
        var poa = new TestPoa(server);
        var action = await poa.CreateActionAsync(OwnDepartment, 1);
        var foreignKey = DevelopmentSigningKey.FromBase64(Convert.ToBase64String(new byte[64]));
        var forged = new TokenIssuer(foreignKey).Issue("mallory", OwnDepartment, PoaRoles.Admin, TimeSpan.FromHours(1));
        var result = await RunAsync(server.Client(forged), poa, "edit", OwnDepartment, action);
        Assert.Equal("UNAUTHENTICATED", (string?)result["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task ReadingIsPublicWithoutAToken()
    {
        var poa = new TestPoa(server);
        var data = await server.Client().DataAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { key } }""");
        Assert.Equal(poa.Key, (string?)data["poa"]!["key"]);
    }

    private static async Task<JsonNode> RunAsync(GraphQLClient client, TestPoa poa, string operation, string department, JsonNode action)
    {
        var version = (long)action["version"]!;
        var activity = (int)action["activities"]![0]!["id"]!;
        return operation switch
        {
            "read" => await client.SendAsync($$"""{ poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "{{department}}") { actions { nodes { goal } } } } }"""),
            "edit" => await poa.ReportProgressAsync(client, department, 1, version, activity, 1, 1),
            "create" => await client.SendAsync("mutation($input: CreateActionInput!) { createAction(input: $input) { version } }",
                new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department, number = 2, name = "Nueva" } }),
            "delete" => await client.SendAsync("mutation($input: DeleteActionInput!) { deleteAction(input: $input) { version } }",
                new { input = poa.Target(department, 1, version) }),
            "import" => await client.SendAsync("mutation($doc: String!) { importPoa(municipality: \"x\", document: $doc, dryRun: true) { year } }",
                new { doc = "no es un POA" }),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }
}

/// <summary>A host with Auth:PublicRead false.</summary>
public sealed class PrivateReadTests : IClassFixture<PrivateReadServerFactory>
{
    private readonly PrivateReadServerFactory _server;

    public PrivateReadTests(PrivateReadServerFactory server) => _server = server;

    [Fact]
    public async Task WithoutPublicReadAnAnonymousReadIsUnauthenticated()
    {
        var error = await _server.Client().ErrorAsync("{ poa(year: 2021) { key } }");
        Assert.Equal("UNAUTHENTICATED", (string?)error["extensions"]!["code"]);
    }

    [Fact]
    public async Task WithoutPublicReadAViewerOfAnyDepartmentReadsEverything()
    {
        var data = await _server.Client(PoaRoles.Viewer, "cultura").DataAsync("{ poa(year: 2021) { key totals { actions } } }");
        Assert.Equal("zacatecas/2021", (string?)data["poa"]!["key"]);
    }
}
