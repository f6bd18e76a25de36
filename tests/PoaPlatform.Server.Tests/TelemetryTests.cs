using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace PoaPlatform.Server.Tests;

public class TelemetryTests
{
    [Fact]
    public async Task OneMutationIsOneTraceFromTheHttpRequestThroughTheGrainsToTheStorageWrite()
    {
        var exported = new List<Activity>();
        await using var server = new TracedServerFactory(exported);
        var poa = await TestPoa.CreateAsync(server);
        var action = await poa.CreateActionAsync("tesoreria", 3);
        var activityId = (int)action["activities"]![0]!["id"]!;
        lock (exported)
            exported.Clear();

        var response = await poa.Admin.SendAsync("""
            mutation ReportProgress($input: ReportProgressInput!) { reportProgress(input: $input) { version } }
            """, new { input = new { municipality = poa.Municipality, year = TestPoa.Year, department = "tesoreria", number = 3, expectedVersion = (long)action["version"]!, activityId, month = 2, achieved = 7m, spent = 70m, note = "Avance" } });
        Assert.Null(response["errors"]);

        var spans = await WaitForTraceAsync(exported, "mutation ReportProgress");
        var request = spans.Single(a => a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server);
        var operation = Assert.Single(spans, a => a.DisplayName == "mutation ReportProgress");
        var grainCall = spans.First(a => a.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && a.DisplayName.Contains("IActionGrain", StringComparison.Ordinal) && a.DisplayName.Contains("ExecuteAsync", StringComparison.Ordinal));
        var write = spans.First(a => a.Source.Name == "PoaPlatform.Storage" && a.DisplayName == "poa.storage.write" && IsDescendantOf(a, grainCall, spans));
        // The commit that carried the write serves many requests: a trace of its own, linked to the write, whose
        // database statements are its children.
        var commit = await WaitForSpanAsync(exported, a => a.DisplayName == "poa.storage.commit" && a.Links.Any(l => l.Context.SpanId == write.SpanId));
        await WaitForSpanAsync(exported, a => a.Source.Name == "Npgsql" && a.ParentSpanId == commit.SpanId);
        Assert.True(IsDescendantOf(operation, request, spans), "the GraphQL operation runs inside the HTTP request");
        Assert.True(IsDescendantOf(grainCall, operation, spans), "the grain call runs inside the GraphQL operation");
        Assert.True(IsDescendantOf(write, request, spans), "the storage write is part of the request's trace");
        Assert.True(spans.Count >= 5, $"{spans.Count} spans");
        Assert.All(spans, s => Assert.Equal(request.TraceId, s.TraceId));
    }

    private static async Task<Activity> WaitForSpanAsync(List<Activity> exported, Func<Activity, bool> match)
    {
        for (var i = 0; i < 50; i++)
        {
            lock (exported)
            {
                if (exported.FirstOrDefault(match) is { } found)
                    return found;
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException("The span was not exported.");
    }

    /// <summary>The spans of the trace that holds the named GraphQL operation, once its HTTP server span has ended too
    /// (it ends after the response is written, a moment after the client has read it). Spans of earlier requests that
    /// end late belong to other traces and are left out.</summary>
    private static async Task<IReadOnlyList<Activity>> WaitForTraceAsync(List<Activity> exported, string operationName)
    {
        for (var i = 0; i < 50; i++)
        {
            lock (exported)
            {
                if (exported.FirstOrDefault(a => a.DisplayName == operationName) is { } operation &&
                    exported.Any(a => a.TraceId == operation.TraceId && a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server))
                    return exported.Where(a => a.TraceId == operation.TraceId).ToArray();
            }
            await Task.Delay(100);
        }
        lock (exported)
            throw new Xunit.Sdk.XunitException($"No complete trace of {operationName} among {exported.Count} exported spans: {string.Join(", ", exported.Select(a => $"{a.Source.Name}:{a.DisplayName}"))}");
    }

    private static bool IsDescendantOf(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        var byId = trace.ToDictionary(a => a.SpanId);
        for (var current = span; current is not null; current = byId.GetValueOrDefault(current.ParentSpanId))
        {
            if (current.SpanId == ancestor.SpanId)
                return true;
        }
        return false;
    }

    /// <summary>Spans nobody exports are not recorded: without an OTLP endpoint the host has no tracer; the setting
    /// Telemetry:Traces=true gives it one (for an exporter added in code, as below).</summary>
    [Fact]
    public async Task WithoutAnExporterTheHostRecordsNoTraces()
    {
        await using var plain = new PoaServerFactory();
        using var client = plain.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        Assert.Null(plain.Services.GetService<TracerProvider>());
        await using var traced = new TracedServerFactory([]);
        using var tracedClient = traced.CreateClient();
        Assert.NotNull(traced.Services.GetService<TracerProvider>());
    }

    private sealed class TracedServerFactory(List<Activity> exported) : PoaServerFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Telemetry:Traces"] = "true";
            return settings;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing =>
                tracing.AddProcessor(new SimpleActivityExportProcessor(new LockedExporter(exported)))));
        }
    }

    /// <summary>The in-memory exporter's list, written under a lock since spans end on many threads.</summary>
    private sealed class LockedExporter(List<Activity> exported) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            lock (exported)
            {
                foreach (var activity in batch)
                    exported.Add(activity);
            }
            return ExportResult.Success;
        }
    }
}
