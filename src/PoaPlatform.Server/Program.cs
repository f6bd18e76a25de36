using PoaPlatform.Server.Auth;
using PoaPlatform.Server.GraphQL;
using PoaPlatform.Server.Health;
using PoaPlatform.Server.Hosting;
using PoaPlatform.Server.Telemetry;

var builder = WebApplication.CreateBuilder(args);

// Traces, metrics and logs over OpenTelemetry.
builder.AddPoaTelemetry();

// The Orleans silo (co-hosted) or a gateway client, with the storage provider chosen by Storage:Provider.
builder.AddPoaSilo();

// Liveness and readiness.
builder.AddPoaHealth();

// JWT bearer tokens with a department and a role claim; reading is public unless Auth:PublicRead is false.
builder.AddPoaAuth();

// The schema, its limits (depth, complexity, time) and the per-request loaders that batch grain reads.
builder.AddPoaGraphQL();

var app = builder.Build();

app.MapPoaHealth();
app.MapPrometheusScrapingEndpoint();
app.MapPoaEndpoints();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
