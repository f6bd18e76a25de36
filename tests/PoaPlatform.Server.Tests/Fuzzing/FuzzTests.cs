using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PoaPlatform.Auth;
using PoaPlatform.Server.GraphQL;
using PoaPlatform.Testing;
using Xunit.Abstractions;

namespace PoaPlatform.Server.Tests.Fuzzing;

/// <summary>
/// The fuzzer: seeded, replayable random requests read from the schema (valid, corrupted, hostile), over HTTP and over
/// the WebSocket, against the real host on PostgreSQL. No answer may be a 5xx, an empty body, an error without a code,
/// an INTERNAL error or a code the README does not list, nor arrive later than the time limit plus a margin; afterwards
/// the city reads and its totals equal a recomputation from its actions, and the heap is back under a bound.
/// <c>POA_FUZZ_SEED=&lt;seed&gt;</c> replays a run (the seed is printed).
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed partial class FuzzTests(FuzzTests.FuzzServerFactory server, ITestOutputHelper output) : IClassFixture<FuzzTests.FuzzServerFactory>
{
    private const int HttpOperations = 2_000;
    private const int SocketOperations = 400;
    private const int HttpClients = 4;

    /// <summary>The fuzzer host's time limit, and how late an answer may come on two shared cores.</summary>
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_margin = TimeSpan.FromSeconds(3);

    /// <summary>How much the heap may grow over a run: documents cached, grains activated for invented municipalities.</summary>
    private const long HeapGrowthBound = 192L * 1024 * 1024;

    private const string CityQuery = """
        query($m: String!) { poa(municipality: $m, year: 2021) {
          totals { investment actions activities } monthly { programmed achieved spent }
          byAxis { investment } byChapter { investment }
          actions(first: 100) { totalCount nodes { key investment monthly { programmed achieved spent } activities { id } } } } }
        """;

    [Fact]
    public async Task RandomValidCorruptAndHostileRequestsNeverHurtTheServerOrTheCity()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("POA_FUZZ_SEED"), CultureInfo.InvariantCulture, out var given) ? given : Random.Shared.Next();
        output.WriteLine($"POA_FUZZ_SEED={seed}");
        var watch = Stopwatch.StartNew();
        var poa = await TestMunicipality.CreateAsync(server);
        foreach (var (department, number) in new[] { ("obras", 1), ("obras", 2), ("cultura", 1), ("salud", 7) })
        {
            // A cold host (a new database, grains activating, code not yet compiled) may miss the 5 s limit once;
            // creating an action again is harmless.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await poa.CreateActionAsync(department, number, investment: 1000m * number, axes: ["Eje 1", "Eje 2"]);
                    break;
                }
                catch (Xunit.Sdk.XunitException) when (attempt < 3)
                {
                }
            }
        }
        var schema = server.Services.GetRequiredService<PoaSchema>();
        string?[] tokens =
        [
            server.Token(PoaRoles.Admin, "", poa.Municipality), server.Token(PoaRoles.Admin, "", poa.Municipality), server.Token(PoaRoles.SuperAdmin, ""),
            server.Token(PoaRoles.Editor, "obras", poa.Municipality), server.Token(PoaRoles.Viewer, "cultura", poa.Municipality),
            server.Token(PoaRoles.Planner, "planeacion", poa.Municipality), server.Token(PoaRoles.Admin, ""),
            null, "not.a.token",
        ];
        var generator = new OperationGenerator(schema, new Random(seed), poa.Municipality, tokens);
        var overHttp = Enumerable.Range(0, HttpOperations).Select(_ => generator.Next()).ToList();
        var overSocket = new List<FuzzOperation>();
        while (overSocket.Count < SocketOperations)
        {
            var operation = generator.Next();
            // The socket carries well-formed protocol messages within its size and depth limits (a payload that is not a
            // GraphQL request closes it with 4400, as the protocol says: LiveProtocolTests); subscriptions are not fuzzed here.
            if (operation.Body.Length < 200_000 && operation.Query.Trim().Length > 0 && !operation.Query.Contains("subscription", StringComparison.Ordinal) &&
                TryParse(operation.Body) is JsonObject { } payload && payload["variables"] is null or JsonObject && Depth(payload) < 60)
                overSocket.Add(operation);
        }
        var codes = ReadmeErrorCodes();
        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var slowest = new Slowest();
        var heapBefore = Heap();

        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, HttpClients).Select(async _ =>
        {
            using var http = server.CreateClient();
            int i;
            while ((i = Interlocked.Increment(ref next)) < overHttp.Count)
            {
                var operation = overHttp[i];
                var (elapsed, problem, answerCodes) = await SendAsync(http, operation, codes);
                Record(failures, seen, $"http #{i} {operation.Kind}", problem, answerCodes, elapsed, slowest, operation);
            }
        }));
        await Task.WhenAll(new[] { tokens[0], null }.Select(async (token, socketIndex) =>
        {
            var socket = await ConnectAsync(token);
            try
            {
                for (var i = socketIndex; i < overSocket.Count; i += 2)
                {
                    var operation = overSocket[i];
                    var (elapsed, problem, answerCodes) = await RunAsync(socket, $"op{i}", operation, codes);
                    Record(failures, seen, $"socket #{i} {operation.Kind}", problem, answerCodes, elapsed, slowest, operation);
                    if (socket.State != WebSocketState.Open)
                    {
                        failures.Enqueue($"socket #{i} {operation.Kind}: the server closed the socket ({socket.CloseStatus} {socket.CloseStatusDescription})");
                        socket.Dispose();
                        socket = await ConnectAsync(token);
                    }
                }
            }
            finally
            {
                socket.Dispose();
            }
        }));

        output.WriteLine($"{overHttp.Count} operations over HTTP ({HttpClients} clients), {overSocket.Count} over the WebSocket, {watch.Elapsed.TotalSeconds:F1} s; slowest answer {slowest.Value.TotalMilliseconds:F0} ms ({slowest.What})");
        output.WriteLine("codes: " + string.Join(", ", seen.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}")));
        Assert.True(failures.IsEmpty, $"POA_FUZZ_SEED={seed}: {failures.Count} failures, the first:\n" + string.Join("\n", failures.Take(15)));

        await AssertTheCityEqualsARecomputationAsync(poa.Municipality, seed);
        var heapAfter = Heap();
        output.WriteLine($"heap {heapBefore / 1048576.0:F0} MiB before, {heapAfter / 1048576.0:F0} MiB after");
        Assert.True(heapAfter - heapBefore < HeapGrowthBound, $"POA_FUZZ_SEED={seed}: the heap grew from {heapBefore:N0} to {heapAfter:N0} bytes");
    }

    private static void Record(ConcurrentQueue<string> failures, ConcurrentDictionary<string, int> seen, string what, string? problem,
        IReadOnlyList<string> codes, TimeSpan elapsed, Slowest slowest, FuzzOperation operation)
    {
        foreach (var code in codes)
            seen.AddOrUpdate(code, 1, (_, n) => n + 1);
        if (elapsed > s_limit + s_margin)
            problem ??= $"answered after {elapsed.TotalSeconds:F1} s";
        if (problem is not null)
            failures.Enqueue($"{what}: {problem} — {Shorten(operation.Body)}");
        slowest.Offer(elapsed, what);
    }

    private sealed class Slowest
    {
        private readonly Lock _lock = new();

        public TimeSpan Value { get; private set; }

        public string What { get; private set; } = "";

        public void Offer(TimeSpan elapsed, string what)
        {
            lock (_lock)
            {
                if (elapsed > Value)
                    (Value, What) = (elapsed, what);
            }
        }
    }

    private static async Task<(TimeSpan Elapsed, string? Problem, IReadOnlyList<string> Codes)> SendAsync(HttpClient http, FuzzOperation operation, IReadOnlySet<string> known)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(operation.Body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd(operation.Body.Length % 2 == 0 ? "application/graphql-response+json" : "application/json");
        if (operation.Token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operation.Token);
        var watch = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        watch.Stop();
        if ((int)response.StatusCode >= 500)
            return (watch.Elapsed, $"HTTP {(int)response.StatusCode}: {Shorten(text)}", []);
        if (text.Length == 0)
            return (watch.Elapsed, $"HTTP {(int)response.StatusCode} with an empty body", []);
        var (problem, codes) = Check(TryParse(text), known);
        return (watch.Elapsed, problem is null ? null : $"HTTP {(int)response.StatusCode}: {problem}", codes);
    }

    private static async Task<(TimeSpan Elapsed, string? Problem, IReadOnlyList<string> Codes)> RunAsync(ClientWebSocket socket, string id, FuzzOperation operation, IReadOnlySet<string> known)
    {
        var message = new JsonObject { ["id"] = id, ["type"] = "subscribe", ["payload"] = TryParse(operation.Body) };
        var watch = Stopwatch.StartNew();
        await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(s_limit + s_margin + TimeSpan.FromSeconds(5));
        try
        {
            while (true)
            {
                var answer = await ReceiveAsync(socket, timeout.Token);
                if (answer is null)
                    return (watch.Elapsed, "the socket closed", []);
                if ((string?)answer["id"] != id)
                    continue;
                switch ((string?)answer["type"])
                {
                    case "next":
                    {
                        var elapsed = watch.Elapsed;
                        var (problem, codes) = Check(answer["payload"], known);
                        var complete = await ReceiveAsync(socket, timeout.Token);
                        return (elapsed, problem ?? ((string?)complete?["type"] == "complete" ? null : $"next not followed by complete: {complete}"), codes);
                    }
                    case "error":
                    {
                        var (problem, codes) = Check(new JsonObject { ["errors"] = answer["payload"]?.DeepClone() }, known);
                        return (watch.Elapsed, problem, codes);
                    }
                    default:
                        return (watch.Elapsed, $"unexpected message {Shorten(answer.ToJsonString())}", []);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (watch.Elapsed, "no answer", []);
        }
    }

    /// <summary>A GraphQL answer: data or errors, every error with a known code other than INTERNAL.</summary>
    private static (string? Problem, IReadOnlyList<string> Codes) Check(JsonNode? answer, IReadOnlySet<string> known)
    {
        if (answer is not JsonObject body || (!body.ContainsKey("data") && !body.ContainsKey("errors")))
            return ($"not a GraphQL answer: {Shorten(answer?.ToJsonString() ?? "(not JSON)")}", []);
        var codes = new List<string>();
        foreach (var error in body["errors"]?.AsArray() ?? [])
        {
            var code = (string?)error?["extensions"]?["code"];
            if (code is null)
                return ($"an error without a code: {Shorten(error?.ToJsonString() ?? "")}", codes);
            codes.Add(code);
            if (code == PoaErrors.Internal)
                return ($"INTERNAL: {Shorten(error!.ToJsonString())}", codes);
            if (!known.Contains(code))
                return ($"the code {code} is not in the README: {Shorten(error!.ToJsonString())}", codes);
            if (error!.ToJsonString().Contains("   at ", StringComparison.Ordinal))
                return ($"a stack trace: {Shorten(error.ToJsonString())}", codes);
        }
        return (null, codes);
    }

    private async Task AssertTheCityEqualsARecomputationAsync(string municipality, int seed)
    {
        using var reader = server.Client();
        string? mismatch = null;
        // Pushes that failed are retried in the background: give them a moment to converge.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var city = (await reader.DataAsync(CityQuery, new { m = municipality }))["poa"]!;
            mismatch = Mismatch(city);
            if (mismatch is null)
            {
                output.WriteLine($"city: {(int)city["totals"]!["actions"]!} actions, {(int)city["totals"]!["activities"]!} activities, investment {(decimal)city["totals"]!["investment"]!}");
                return;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"POA_FUZZ_SEED={seed}: {mismatch}");
    }

    private static string? Mismatch(JsonNode city)
    {
        var totals = city["totals"]!;
        var nodes = city["actions"]!["nodes"]!.AsArray();
        var investment = (decimal)totals["investment"]!;
        if ((int)city["actions"]!["totalCount"]! != nodes.Count)
            return $"{(int)city["actions"]!["totalCount"]!} actions, {nodes.Count} read";
        if ((int)totals["actions"]! != nodes.Count)
            return $"totals count {(int)totals["actions"]!} actions, the list has {nodes.Count}";
        if (nodes.Sum(n => (decimal)n!["investment"]!) != investment)
            return $"totals say {investment}, the actions add up to {nodes.Sum(n => (decimal)n!["investment"]!)}";
        if ((int)totals["activities"]! != nodes.Sum(n => n!["activities"]!.AsArray().Count))
            return $"totals count {(int)totals["activities"]!} activities, the actions {nodes.Sum(n => n!["activities"]!.AsArray().Count)}";
        if (city["byAxis"]!.AsArray().Sum(e => (decimal)e!["investment"]!) != investment || city["byChapter"]!.AsArray().Sum(e => (decimal)e!["investment"]!) != investment)
            return "a breakdown does not add up to the total investment";
        for (var month = 0; month < 12; month++)
        {
            foreach (var figure in new[] { "programmed", "achieved", "spent" })
            {
                var total = (decimal)city["monthly"]![month]![figure]!;
                var sum = nodes.Sum(n => (decimal)n!["monthly"]![month]![figure]!);
                if (total != sum)
                    return $"month {month + 1} {figure}: totals {total}, actions {sum}";
            }
        }
        return null;
    }

    /// <summary>The codes in the first column of the README's table of error codes ("| `CODE` / `OTHER` | meaning |").</summary>
    internal static HashSet<string> ReadmeErrorCodes()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var section = readme[readme.IndexOf("### Error codes", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n#", 4, StringComparison.Ordinal)];
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
            codes.UnionWith(Code().Matches(line.Split('|')[1]).Select(m => m.Groups[1].Value));
        return codes;
    }

    [GeneratedRegex("`([A-Z_]+)`")]
    private static partial Regex Code();

    private async Task<ClientWebSocket> ConnectAsync(string? token)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new Uri($"ws://{server.Address.Authority}/graphql"), CancellationToken.None);
        var init = token is null ? new JsonObject { ["type"] = "connection_init" } : new JsonObject { ["type"] = "connection_init", ["payload"] = new JsonObject { ["Authorization"] = $"Bearer {token}" } };
        await socket.SendAsync(Encoding.UTF8.GetBytes(init.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("connection_ack", (string?)(await ReceiveAsync(socket, timeout.Token))?["type"]);
        return socket;
    }

    private static async Task<JsonNode?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
                return null;
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return TryParse(Encoding.UTF8.GetString(message.ToArray()));
    }

    private static int Depth(JsonNode? node) => node switch
    {
        JsonObject o => 1 + o.Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonArray a => 1 + a.Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 297), "...");

    /// <summary>The default limits, with a 5 s time limit (so "in time" means something) and requests up to 256 KiB.</summary>
    public sealed class FuzzServerFactory : PoaServerFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["GraphQL:Timeout"] = "00:00:05";
            settings["GraphQL:MaxRequestBytes"] = (256 * 1024).ToString(CultureInfo.InvariantCulture);
            settings["GraphQL:MaxDepth"] = "15";
            return settings;
        }
    }
}

/// <summary>The fuzzer runs alone, after the other tests: its host shares the test process, so the heap it measures
/// before and after is the whole process's, and the test hosts running beside it allocate there too (one CI run saw
/// 182 → 410 MiB while the other collections ran, against a bound of 192 MiB of growth).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzCollection
{
    public const string Name = "fuzzer (alone)";
}
