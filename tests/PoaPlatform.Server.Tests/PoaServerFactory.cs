using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using PoaPlatform.Auth;
using PoaPlatform.Persistence.Accounts;
using PoaPlatform.Server.Auth;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>The real host (Kestrel + co-hosted silo) on its own HTTP, silo and gateway ports and its own data directory.</summary>
/// <remarks>Storage is chosen in <see cref="StorageSettings"/> only: PostgreSQL, as in production — each host gets a
/// fresh database on the test PostgreSQL server (<see cref="PostgresServer"/>; <c>POA_TEST_POSTGRES</c> names an
/// existing one) — unless <c>POA_TEST_STORAGE=Sqlite</c>, which uses the host's embedded default in the data directory.</remarks>
public class PoaServerFactory : WebApplicationFactory<Program>
{
    private readonly int[] _ports = FreePort.Next(2);
    private readonly TemporaryDirectory _folder = new("poa-server-");

    /// <summary>Real sockets: Kestrel on a free loopback port, not the in-memory test server.</summary>
    public PoaServerFactory() => UseKestrel(0);

    /// <summary>The host's data directory, created by the host when it starts and deleted with the factory.</summary>
    public string DataDirectory => _folder.File("data");

    /// <summary>Counts the grain calls the host receives, by interface method.</summary>
    public GrainCallCounter GrainCalls { get; } = new();

    /// <summary>The host's GraphQL document cache (which texts it keeps).</summary>
    public GraphQL.DocumentCache DocumentCache =>
        Services.GetServices<global::GraphQL.DI.IConfigureExecution>().OfType<GraphQL.DocumentCache>().Single();

    protected virtual IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Cluster:SiloPort"] = _ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cluster:GatewayPort"] = _ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Storage:DataDirectory"] = DataDirectory,
        ["Auth:PublicRead"] = "true",
        ["Seed:Enabled"] = "false",
        // Every test of a shared host signs in from loopback; the limit itself is tested on hosts of its own.
        ["Auth:SignInAttemptsPerMinute"] = "1000",
        ["GraphQL:MaxRequestBytes"] = (64 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["GraphQL:MaxDepth"] = "8",
        // A socket of a shared host may wait longer than the default 3 s for its connection_init to be read while the
        // CI's two cores run other hosts; the timeout itself is tested on the browser tests' site (1 s).
        ["Live:ConnectionInitTimeout"] = "00:00:30",
    };

    private static Dictionary<string, string?> StorageSettings()
    {
        var settings = new Dictionary<string, string?>();
        if (!string.Equals(Environment.GetEnvironmentVariable("POA_TEST_STORAGE"), "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            settings["Storage:Provider"] = "PostgreSql";
            // Called once per host while it is built; the fixture has no async hook there.
            settings["ConnectionStrings:Poa"] = PostgresServer.CreateSharedDatabaseAsync("server_tests").GetAwaiter().GetResult();
        }
        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = Settings().Concat(StorageSettings()).ToDictionary();
        // UseSetting reaches the configuration before Program reads it eagerly (silo ports); the in-memory source keeps
        // the same values for whatever binds later.
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IIncomingGrainCallFilter>(GrainCalls);
            services.AddHostedService<TestMunicipalities>();
        });
    }

    protected override void Dispose(bool disposing)
    {
        // The host first: it writes into the folder.
        base.Dispose(disposing);
        _folder.Dispose();
    }

    /// <summary>The address the host listens on, once it has started (starting it if needed).</summary>
    public Uri Address
    {
        get
        {
            using var started = CreateClient();
            return ClientOptions.BaseAddress;
        }
    }

    /// <summary>A development token signed with the host's key (a superadmin's names no municipality).</summary>
    public string Token(string role, string department, string municipality = TestMunicipalities.Default, string user = "tester") =>
        new TokenIssuer(DevelopmentSigningKey.LoadOrCreate(DataDirectory))
            .Issue(user, role == PoaRoles.SuperAdmin ? "" : municipality, department, role, TimeSpan.FromHours(1));

    /// <summary>An operator of the deployment.</summary>
    public GraphQLClient SuperAdmin() => Client(Token(PoaRoles.SuperAdmin, ""));

    public GraphQLClient Client(string? token = null)
    {
        var http = CreateClient();
        if (token is not null)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new GraphQLClient(http);
    }

    public GraphQLClient Client(string role, string department, string municipality = TestMunicipalities.Default) =>
        Client(Token(role, department, municipality));
}

/// <summary>A host where reading needs a token.</summary>
public sealed class PrivateReadServerFactory : PoaServerFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Auth:PublicRead"] = "false";
        return settings;
    }
}

/// <summary>Counts the calls each grain received, by key and method.</summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Key, string Method)> _calls = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        _calls.Enqueue((context.TargetId.Key.ToString(), $"{context.InterfaceName}.{context.MethodName}"));
        return context.Invoke();
    }

    public int Count(string keyPrefix, string method) =>
        _calls.Count(c => c.Key.StartsWith(keyPrefix, StringComparison.Ordinal) && c.Method.EndsWith(method, StringComparison.Ordinal));
}

/// <summary>Sends GraphQL requests over real HTTP and reads the JSON answer.</summary>
public sealed class GraphQLClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public async Task<JsonNode> SendAsync(string query, object? variables = null)
    {
        var response = await PostAsync(query, variables);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The data of a request that must succeed without errors.</summary>
    public async Task<JsonNode> DataAsync(string query, object? variables = null)
    {
        var result = await SendAsync(query, variables);
        Assert.True(result["errors"] is null, $"Unexpected errors: {result["errors"]}");
        return result["data"]!;
    }

    /// <summary>The first error of a request that must fail.</summary>
    public async Task<JsonNode> ErrorAsync(string query, object? variables = null)
    {
        var result = await SendAsync(query, variables);
        Assert.True(result["errors"] is JsonArray { Count: > 0 }, $"Expected an error, got {result}");
        return result["errors"]![0]!;
    }

    public Task<HttpResponseMessage> PostAsync(string query, object? variables = null)
    {
        var body = new JsonObject { ["query"] = query, ["variables"] = variables is null ? null : JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(variables)) };
        return http.PostAsync("/graphql", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
    }

    public void Dispose() => http.Dispose();
}

/// <summary>A host as the embedded default starts: the seed imported on the first start.</summary>
public sealed class SeededServerFactory : PoaServerFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Seed:Enabled"] = "true";
        return settings;
    }
}

/// <summary>The municipality the tests read without naming one (the GraphQL default, zacatecas) with the years they
/// read, created when a test host starts, as an operator would with <c>poa municipality add</c>.</summary>
internal sealed class TestMunicipalities(MunicipalityStore store, PoaDirectory directory) : Microsoft.Extensions.Hosting.IHostedService
{
    public const string Default = "zacatecas";

    public static readonly int[] Years = [2021, 2022, 2023];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.AddAsync(Default, "Zacatecas", "Zacatecas", "32056", DateTimeOffset.UtcNow, cancellationToken);
        foreach (var year in Years)
            await store.OpenYearAsync(Default, year, "tests", DateTimeOffset.UtcNow, cancellationToken);
        await directory.RefreshAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
