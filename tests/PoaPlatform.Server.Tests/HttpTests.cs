using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Tests;

/// <summary>The GraphQL-over-HTTP behaviours of the endpoint.</summary>
[Collection(ServerCollection.Name)]
public sealed class HttpTests(PoaServerFactory server)
{
    private const string GraphQLResponse = "application/graphql-response+json";

    private readonly HttpClient _http = server.CreateClient();

    [Fact]
    public async Task TheHostAnswersOnARealLoopbackSocket()
    {
        var address = _http.BaseAddress!;
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(address.Host, address.Port);

        using var plain = new HttpClient { BaseAddress = address };
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AQueryRunsOverGetWithItsVariablesInTheQueryString()
    {
        var query = Uri.EscapeDataString("query($y: Int!) { poa(year: $y) { year } }");
        var variables = Uri.EscapeDataString("""{"y": 2022}""");
        var response = await _http.GetAsync($"/graphql?query={query}&variables={variables}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2022, (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["poa"]!["year"]!);
    }

    [Fact]
    public async Task ARepeatedQueryStillChecksItsVariablesAndArguments()
    {
        // The second request keeps the document; the third and fourth use it: variables and argument values are checked anyway.
        const string query = "query($y: Int!) { poa(year: $y) { year } }";
        foreach (var year in new[] { 2023, 2023 })
        {
            var ok = await QueryAsync(query, $$"""{"y": {{year}}}""");
            Assert.Equal(year, (int)ok["data"]!["poa"]!["year"]!);
        }
        Assert.True(server.DocumentCache.Holds(query));
        var wrongType = await QueryAsync(query, """{"y": "not a year"}""");
        Assert.Null(wrongType["data"]);
        Assert.NotNull(wrongType["errors"]![0]!["message"]);
        var outOfRange = await QueryAsync(query, """{"y": 1}""");
        Assert.Equal("VALIDATION", (string?)outOfRange["errors"]![0]!["extensions"]!["code"]);
    }

    private async Task<JsonNode> QueryAsync(string query, string variables)
    {
        using var content = new StringContent($$"""{"query": {{JsonValue.Create(query).ToJsonString()}}, "variables": {{variables}}}""", Encoding.UTF8, "application/json");
        var response = await _http.PostAsync(new Uri("/graphql", UriKind.Relative), content);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task AMutationOverGetIsRefusedWith405AndAnErrorBody()
    {
        var query = Uri.EscapeDataString("mutation { deleteAction(input: {year: 2021, department: \"x\", number: 1, expectedVersion: 1}) { version } }");
        var response = await _http.GetAsync($"/graphql?query={query}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Equal("BAD_REQUEST", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task AMutationOverGetIsRefusedAlsoOnceItsDocumentIsKnownFromAPost()
    {
        const string mutation = "mutation { deleteAction(input: {year: 2021, department: \"nadie\", number: 77, expectedVersion: 1}) { version } }";
        for (var time = 0; time < 2; time++)
        {
            using var content = new StringContent(new JsonObject { ["query"] = mutation }.ToJsonString(), Encoding.UTF8, "application/json");
            var posted = JsonNode.Parse(await (await _http.PostAsync(new Uri("/graphql", UriKind.Relative), content)).Content.ReadAsStringAsync())!;
            Assert.NotNull(posted["errors"]); // executed (and so kept the second time): the action does not exist
        }
        Assert.True(server.DocumentCache.Holds(mutation));

        var response = await _http.GetAsync($"/graphql?query={Uri.EscapeDataString(mutation)}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("BAD_REQUEST", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task AQueryTextIsKeptTheSecondTimeItRunsAndNeverWhenItFails()
    {
        // A text sent once (a client that changes its text on every request) leaves no document behind.
        var query = $"query($y: Int!) {{ poa(year: $y) {{ year }} }} # {Guid.NewGuid():N}";
        Assert.Equal(2021, (int)(await QueryAsync(query, """{"y": 2021}"""))["data"]!["poa"]!["year"]!);
        Assert.False(server.DocumentCache.Holds(query));
        Assert.Equal(2022, (int)(await QueryAsync(query, """{"y": 2022}"""))["data"]!["poa"]!["year"]!);
        Assert.True(server.DocumentCache.Holds(query));
        Assert.Equal(2023, (int)(await QueryAsync(query, """{"y": 2023}"""))["data"]!["poa"]!["year"]!);

        var invalid = $"{{ poa(year: 2021) {{ noSuchField }} }} # {Guid.NewGuid():N}";
        for (var time = 0; time < 3; time++)
            Assert.NotNull((await QueryAsync(invalid, "{}"))["errors"]);
        Assert.False(server.DocumentCache.Holds(invalid));
    }

    [Fact]
    public async Task TheTextsKeptAreBoundedInCharacters()
    {
        // Texts of 15,000 characters (a comment pads them): the cache starts over before it keeps more than its budget.
        var padding = new string('x', 15_000);
        var texts = Enumerable.Range(0, DocumentCache.TextBudget / 15_000 + 1)
            .Select(i => $"{{ poa(year: 2021) {{ year }} }} # {Guid.NewGuid():N} {padding}").ToList();
        foreach (var text in texts)
        {
            for (var time = 0; time < 2; time++)
                Assert.Equal(2021, (int)(await QueryAsync(text, "{}"))["data"]!["poa"]!["year"]!);
            if (text == texts[0])
                Assert.True(server.DocumentCache.Holds(text));
        }
        Assert.False(server.DocumentCache.Holds(texts[0]));
    }

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json", "application/json")]
    [InlineData(GraphQLResponse, GraphQLResponse)]
    [InlineData("application/json;q=0.9, application/graphql-response+json", GraphQLResponse)]
    [InlineData("application/graphql-response+json;q=0.5, application/json", "application/json")]
    public async Task TheResponseMediaTypeFollowsTheAcceptHeader(string? accept, string expected)
    {
        var response = await PostAsync("""{"query": "{ poa(year: 2021) { year } }"}""", accept);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(2021, (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["poa"]!["year"]!);
    }

    [Fact]
    public async Task AnAcceptHeaderWithNeitherJsonTypeGets406()
    {
        var response = await PostAsync("""{"query": "{ poa(year: 2021) { year } }"}""", "text/html");
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Equal("BAD_REQUEST", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["extensions"]!["code"]);
    }

    [Theory]
    [InlineData(GraphQLResponse, HttpStatusCode.BadRequest)]
    [InlineData("application/json", HttpStatusCode.OK)]
    public async Task ADocumentThatDoesNotParseIs400WithGraphQLResponseJsonAnd200WithJson(string accept, HttpStatusCode expected)
    {
        var response = await PostAsync("""{"query": "{ poa(year: 2021) { year "}""", accept);
        Assert.Equal(expected, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Null(body["data"]);
        Assert.NotNull(body["errors"]![0]!["extensions"]!["code"]);
    }

    [Theory]
    [InlineData(GraphQLResponse, HttpStatusCode.BadRequest)]
    [InlineData("application/json", HttpStatusCode.OK)]
    public async Task ADocumentThatDoesNotValidateIs400WithGraphQLResponseJsonAnd200WithJson(string accept, HttpStatusCode expected)
    {
        var response = await PostAsync("""{"query": "{ poa(year: 2021) { noSuchField } }"}""", accept);
        Assert.Equal(expected, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Equal("FIELDS_ON_CORRECT_TYPE", (string?)error["extensions"]!["code"]);
        Assert.Contains("noSuchField", (string?)error["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[1, 2]")]
    [InlineData("""{"query": 42}""")]
    [InlineData("""{"variables": {}}""")]
    [InlineData("""{"query": "{ poa(year: 2021) { year } }", "variables": "nope"}""")]
    public async Task AMalformedBodyIs400WithAnErrorNever500(string body)
    {
        var response = await PostAsync(body, GraphQLResponse);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["message"]);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIs415()
    {
        var response = await _http.PostAsync("/graphql", new StringContent("{ poa(year: 2021) { year } }", Encoding.UTF8, "application/graphql"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]);
    }

    [Fact]
    public async Task ABodyOverTheLimitIs413()
    {
        var padding = new string(' ', 70 * 1024);
        var response = await PostAsync($$"""{"query": "{ poa(year: 2021) { year } }{{padding}}"}""", null);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Equal(("BAD_REQUEST", $"The request is larger than {64 * 1024} bytes."), ((string?)error["extensions"]!["code"], (string?)error["message"]));
    }

    /// <summary>A body sent without a length (chunked) is read up to the limit: exactly the limit is executed, with a
    /// two-byte character split between chunks, and one byte more is 413.</summary>
    [Fact]
    public async Task AChunkedBodyIsReadUpToTheLimitAndRefusedOneByteAfterIt()
    {
        const int limit = 64 * 1024;
        var query = Encoding.UTF8.GetBytes("""{"query": "{ poa(year: 2021) { year } }", "operationName": null, "extensions": {"note": "Ñandú"}}""");
        byte[] Body(int length) => [.. query, .. Enumerable.Repeat((byte)' ', length - query.Length)];
        // Pieces that end between the two bytes of the Ñ.
        var piece = Array.IndexOf(query, (byte)0xC3) + 1;

        var atLimit = await _http.PostAsync("/graphql", new ChunkedJson(Body(limit), piece));
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(2021, (int?)JsonNode.Parse(await atLimit.Content.ReadAsStringAsync())!["data"]!["poa"]!["year"]);

        var over = await _http.PostAsync("/graphql", new ChunkedJson(Body(limit + 1), piece));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
    }

    /// <summary>JSON written in pieces of <c>piece</c> bytes, flushed one by one, with no Content-Length.</summary>
    private sealed class ChunkedJson : HttpContent
    {
        private readonly byte[] _body;
        private readonly int _piece;

        public ChunkedJson(byte[] body, int piece)
        {
            (_body, _piece) = (body, piece);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < _body.Length; offset += _piece)
            {
                await stream.WriteAsync(_body.AsMemory(offset, Math.Min(_piece, _body.Length - offset)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task AQueryDeeperThanTheLimitIsRefusedBeforeItRuns()
    {
        // The test host allows depth 8 (GraphQL:MaxDepth): five levels pass, ten do not.
        var shallow = await PostAsync("""{"query": "{ poa(year: 2021) { departments { edges { node { slug } } } } }"}""", GraphQLResponse);
        Assert.Equal(HttpStatusCode.OK, shallow.StatusCode);

        var deep = await PostAsync("""{"query": "{ poa(year: 2021) { departments { edges { node { actions { edges { node { activities { progress { month } } } } } } } } } }"}""", GraphQLResponse);
        Assert.Equal(HttpStatusCode.BadRequest, deep.StatusCode);
        var error = JsonNode.Parse(await deep.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Contains("depth", (string?)error["message"], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheSchemaIsServedAsSdl()
    {
        var response = await _http.GetAsync("/graphql/schema.graphql");
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("type Query", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorsCarryACodeAndNoStackTrace()
    {
        var response = await PostAsync("""{"query": "{ poa(year: 2021) { departments(first: 100000) { totalCount } } }"}""", GraphQLResponse);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("BAD_REQUEST", (string?)JsonNode.Parse(text)!["errors"]![0]!["extensions"]!["code"]);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("stack", text, StringComparison.OrdinalIgnoreCase);
    }

    private Task<HttpResponseMessage> PostAsync(string body, string? accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (accept is not null)
            request.Headers.Accept.ParseAdd(accept);
        return _http.SendAsync(request);
    }
}
