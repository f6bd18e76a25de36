using System.Collections.Concurrent;
using System.Net;
using System.Text;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>The log an operator reads: the real server process importing the seed on its first start, with its console
/// output and an OTLP endpoint (a plain HTTP listener standing in for the collector).</summary>
public sealed class LoggingTests(LoggingTests.LoggedServer server) : IClassFixture<LoggingTests.LoggedServer>
{
    [Fact]
    public void TheSeedImportLogsItsProgressWithoutALinePerGrainPlacement()
    {
        Assert.Contains("Imported 9 actions into zacatecas/2021", server.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Polly[", server.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" info: Orleans", server.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALogLineWrittenInsideARequestCarriesTheRequestsTraceId()
    {
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var http = new HttpClient { BaseAddress = server.Process.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=%7B__typename%7D");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        (await http.SendAsync(request)).EnsureSuccessStatusCode();

        string? line = null;
        for (var i = 0; i < 50 && line is null; i++, await Task.Delay(100))
            line = server.Process.Output.Split('\n').FirstOrDefault(l => l.Contains("Request starting HTTP/1.1 GET", StringComparison.Ordinal) && l.Contains("/graphql?query=", StringComparison.Ordinal));
        Assert.NotNull(line);
        Assert.Contains($"TraceId:{traceId}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogsTracesAndMetricsAreExportedOverOtlp()
    {
        for (var i = 0; i < 100 && !(server.Received("/v1/logs", "Imported 9 actions") && server.Received("/v1/traces") && server.Received("/v1/metrics")); i++)
            await Task.Delay(100);

        Assert.True(server.Received("/v1/logs", "Imported 9 actions"), $"no log record of the import over OTLP; received {server.Paths}");
        Assert.True(server.Received("/v1/traces"), $"no traces over OTLP; received {server.Paths}");
        Assert.True(server.Received("/v1/metrics"), $"no metrics over OTLP; received {server.Paths}");
    }

    public sealed class LoggedServer : IAsyncLifetime
    {
        private readonly TemporaryDirectory _data = new("poa-logging-");
        private readonly HttpListener _collector = new();
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
        private Task? _listening;

        public ServerProcess Process { get; private set; } = null!;

        public string Paths => string.Join(", ", _received.Select(r => r.Path).Distinct());

        /// <summary>An OTLP/HTTP request arrived at <paramref name="path"/>, holding <paramref name="text"/> (protobuf
        /// keeps strings as UTF-8 bytes).</summary>
        public bool Received(string path, string? text = null) => _received.Any(r => r.Path == path &&
            (text is null || r.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0));

        public async Task InitializeAsync()
        {
            var port = FreePort.Next(1)[0];
            _collector.Prefixes.Add($"http://127.0.0.1:{port}/");
            _collector.Start();
            _listening = CollectAsync();
            Process = await ServerProcess.StartAsync(new Dictionary<string, string>
            {
                ["Storage:DataDirectory"] = _data.Path,
                ["Seed:Enabled"] = "true",
                // The request log, as an operator turns it on: off by default (Microsoft.AspNetCore is at Warning).
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            });
        }

        public async Task DisposeAsync()
        {
            // The server first (it writes into the data directory), then the data; a server that never started has none.
            if (Process is not null)
                await Process.DisposeAsync();
            _collector.Stop();
            _collector.Close();
            if (_listening is not null)
                await _listening;
            _data.Dispose();
        }

        private async Task CollectAsync()
        {
            while (_collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _collector.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
