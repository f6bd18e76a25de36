using PoaPlatform.Server.Health;
using PoaPlatform.Server.Hosting;
using PoaPlatform.Server.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.AddPoaTelemetry();
builder.AddPoaSilo();
builder.AddPoaHealth();

var app = builder.Build();
app.MapPoaHealth();
app.MapPrometheusScrapingEndpoint();
app.Run();

public partial class Program;
