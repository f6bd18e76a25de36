using PoaPlatform.Server.Auth;
using PoaPlatform.Server.Export;
using PoaPlatform.Server.GraphQL;
using PoaPlatform.Server.Health;
using PoaPlatform.Server.Hosting;
using PoaPlatform.Server.Live;
using PoaPlatform.Server.Telemetry;
using PoaPlatform.Server.Web;

var builder = WebApplication.CreateBuilder(args);

// Behind an ingress: the client's address and scheme from the X-Forwarded-* headers of the proxies listed in Proxy.
builder.AddPoaProxy();

// Traces, metrics and logs over OpenTelemetry.
builder.AddPoaTelemetry();

// The Orleans silo (co-hosted) or a gateway client, with the storage provider chosen by Storage:Provider.
builder.AddPoaSilo();

// Liveness and readiness.
builder.AddPoaHealth();

// Sign-in (cookie), API tokens and development tokens; one authorization by municipality, department and role.
builder.AddPoaAuth();

// The schema, its limits (depth, complexity, time) and the per-request loaders that batch grain reads.
builder.AddPoaGraphQL();

// Live changes: one grain observer per city on this host, fanned out to GraphQL subscriptions over WebSocket.
builder.AddPoaLive();

// Files: POA uploads (POST /import) and downloads of what each page shows (GET /export/...).
builder.AddPoaFiles();

var app = builder.Build();

app.UsePoaProxy();
app.MapPoaHealth();
app.MapPrometheusScrapingEndpoint();
app.MapPoaEndpoints();
app.MapPoaFiles();
app.UsePoaLive();
app.UsePoaPages();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
