using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PoaPlatform.Server.Hosting;

namespace PoaPlatform.Server.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>Traces and metrics from ASP.NET Core, Orleans, Npgsql, the runtime and our own; logs, traces and metrics
    /// over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, a Prometheus scrape endpoint always. Every log line
    /// written inside a request carries its trace and span id (console: scopes, see Logging:Console in appsettings.json).</summary>
    /// <remarks>Traces are recorded when they go somewhere (<see cref="TelemetryOptions.Traces"/>): without an exporter,
    /// the spans of every request (HTTP, GraphQL, each grain call, the commit, Npgsql with its statement's text) cost
    /// processor time and allocations and were dropped at their end.</remarks>
    public static WebApplicationBuilder AddPoaTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PoaTelemetry>();
        builder.Services.AddOptions<TelemetryOptions>().BindSettings(TelemetryOptions.Section);
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var traces = builder.Configuration.Read<TelemetryOptions>(TelemetryOptions.Section).Traces ?? otlp;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "poa-server"));
        if (traces)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics"))
                    .AddSource(PoaTelemetry.Name)
                    .AddSource(PoaPlatform.Persistence.GroupCommit.SourceName)
                    .AddSource(global::GraphQL.Telemetry.GraphQLTelemetryProvider.SourceName)
                    .AddSource("Microsoft.Orleans.Runtime")
                    .AddSource("Microsoft.Orleans.Application")
                    .AddNpgsql();
                if (otlp)
                    tracing.AddOtlpExporter();
            });
        }
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans")
                .AddMeter(PoaTelemetry.Name)
                .AddMeter(PoaPlatform.Persistence.GroupCommit.MeterName)
                .AddPrometheusExporter();
            if (otlp)
                metrics.AddOtlpExporter();
        });
        if (otlp)
        {
            telemetry.WithLogging(logging => logging.AddOtlpExporter(), options =>
            {
                options.IncludeFormattedMessage = true;
                options.IncludeScopes = true;
            });
        }
        return builder;
    }
}
