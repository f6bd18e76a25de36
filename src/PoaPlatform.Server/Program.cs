using PoaPlatform.Server.Auth;
using PoaPlatform.Server.Export;
using PoaPlatform.Server.GraphQL;
using PoaPlatform.Server.Health;
using PoaPlatform.Server.Hosting;
using PoaPlatform.Server.Live;
using PoaPlatform.Server.Telemetry;
using PoaPlatform.Server.Web;

// A bad setting ends the start with one line per problem on stderr and exit code 2, not a stack trace (Settings).
try
{
    // The program's files (appsettings.json, the pages) come from its own folder, whatever the working directory.
    var builder = WebApplication.CreateBuilder(ContentRoot.Options(args));

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

    // Every setting is checked before anything starts: a bad one is a line on stderr and exit code 2 (catch below).
    app.CheckSettings();

    app.UsePoaProxy();
    app.MapPoaHealth();
    app.MapPrometheusScrapingEndpoint();
    app.MapPoaEndpoints();
    app.MapPoaFiles();
    app.UsePoaLive();
    app.UsePoaPages();

    app.Run();
    return 0;
}
catch (Exception e) when (Settings.Problems(e) is { Count: > 0 } problems)
{
    return Settings.Report(problems, Console.Error);
}

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
