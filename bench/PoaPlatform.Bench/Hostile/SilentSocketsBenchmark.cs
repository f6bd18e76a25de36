using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using PoaPlatform.Bench.Generation;
using PoaPlatform.Bench.Hosting;
using PoaPlatform.Bench.Import;
using PoaPlatform.Bench.Measuring;
using PoaPlatform.Persistence;

namespace PoaPlatform.Bench.Hostile;

/// <summary>
/// 200 WebSockets that subscribe to the city's changes and never read, while offices report progress: the server's
/// resident memory must stay under the bound the send queues allow (sockets × <c>Live:MaxQueuedBytesPerSocket</c>, plus
/// a margin for the runtime), and the silent sockets are closed rather than buffered without limit.
/// </summary>
public static class SilentSocketsBenchmark
{
    public const string Command = "dotnet bench/PoaPlatform.Bench/bin/Release/net10.0/PoaPlatform.Bench.dll sockets";

    private const int SubscriptionsPerSocket = 10;
    private const int QueuedBytesPerSocket = 256 * 1024;

    /// <summary>What the runtime may add besides the queues (the subscriptions themselves, buffers of the sends in
    /// flight, the GC's headroom).</summary>
    private const long Margin = 192L * 1024 * 1024;

    private const string Mutation = "mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var city = CityRun.Create(options.Shape);
        Output.Write(options, await MeasureAsync(city, options));
        return 0;
    }

    public static async Task<Report> MeasureAsync(CityRun city, BenchOptions options)
    {
        var count = options.Int("sockets", 200);
        // Every socket comes from 127.0.0.1: the per-address cap is raised to let them all in.
        await using var server = await BenchServer.StartAsync(StorageProvider.Sqlite, extra: new Dictionary<string, string>
        {
            ["Live:MaxSocketsPerAddress"] = (count + 10).ToString(CultureInfo.InvariantCulture),
            ["Live:MaxQueuedBytesPerSocket"] = QueuedBytesPerSocket.ToString(CultureInfo.InvariantCulture),
        });
        await ImportBenchmark.ImportAsync(server, city, null);
        var duration = TimeSpan.FromSeconds(options.Double("sockets-duration", 60));
        await Task.Delay(TimeSpan.FromSeconds(5));
        var before = server.ResidentBytes();

        // Each event carries the totals ten times, so that a silent socket fills its queue in seconds, not hours.
        var totals = "investment actions activities findings declaredBeneficiaries { men women total } largestCoverage { men women total }";
        var subscription = "subscription($year: Int!) { poaChanged(year: $year) { poaKey departmentKey version " +
            string.Concat(Enumerable.Range(0, 10).Select(i => $"t{i}: totals {{ {totals} }} ")) + "} }";
        Console.Error.WriteLine($"Opening {count} sockets with {SubscriptionsPerSocket} subscriptions each; they never read...");
        var sockets = new List<ClientWebSocket>();
        for (var s = 0; s < count; s++)
        {
            var socket = await ConnectAsync(server.BaseAddress);
            await SendAsync(socket, new JsonObject { ["type"] = "connection_init" });
            // The ack is the last message these sockets read.
            var ack = new byte[1024];
            await socket.ReceiveAsync(ack, CancellationToken.None);
            for (var i = 0; i < SubscriptionsPerSocket; i++)
            {
                await SendAsync(socket, new JsonObject
                {
                    ["id"] = $"s{i}", ["type"] = "subscribe",
                    ["payload"] = new JsonObject { ["query"] = subscription, ["variables"] = new JsonObject { ["year"] = city.Document.Year } },
                });
            }
            sockets.Add(socket);
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        var subscribed = server.ResidentBytes();

        // Offices report progress on every action in turn: each report is one event for every subscription.
        var actions = BenchServer.ActionKeys(city.Document);
        long counter = -1, reports = 0;
        var peak = subscribed;
        var samples = new List<(double Seconds, long Bytes)>();
        using var stop = new CancellationTokenSource(duration);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var report = ReportCell.Of(Interlocked.Increment(ref counter), actions.Count, city.Shape.Activities);
                var (department, number, _) = actions[report.Action];
                var body = GraphQLClient.Body(Mutation, new
                {
                    input = new
                    {
                        municipality = BenchServer.Municipality, year = city.Document.Year, department, number, expectedVersion = 0,
                        activityId = report.ActivityId, month = report.Month, achieved = report.Figure, spent = 0,
                    },
                });
                try
                {
                    var (status, _) = await server.Admin.PostAsync(body, stop.Token);
                    if (status == HttpStatusCode.OK)
                        Interlocked.Increment(ref reports);
                }
                catch (OperationCanceledException)
                {
                }
            }
        })).ToArray();
        long peakHeap = 0;
        double? allClosedAt = null;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var rss = server.ResidentBytes();
            var metrics = await ScrapeAsync(server);
            peak = Math.Max(peak, rss);
            peakHeap = Math.Max(peakHeap, (long)metrics.Heap);
            if (allClosedAt is null && metrics.Open == 0)
                allClosedAt = watch.Elapsed.TotalSeconds;
            samples.Add((watch.Elapsed.TotalSeconds, rss));
        }
        var final = await ScrapeAsync(server);
        await Task.WhenAll(writers);
        var during = server.ResidentBytes();

        // What each silent socket ended as: closed by the server (1008), cut off, or still open.
        int closed = 0, cut = 0, open = 0, messages = 0;
        foreach (var socket in sockets)
        {
            var (read, status) = await DrainAsync(socket);
            messages += read;
            _ = status switch
            {
                (int)WebSocketCloseStatus.PolicyViolation => closed++,
                null => cut++,
                _ => open++,
            };
            socket.Dispose();
        }
        await Task.Delay(TimeSpan.FromSeconds(10));
        var after = server.ResidentBytes();

        var bound = before + (long)count * QueuedBytesPerSocket + Margin;
        double MiB(long bytes) => bytes / 1048576.0;
        var report = new Report()
            .Line($"## Silent sockets: {count} WebSockets that never read")
            .Line()
            .Line(string.Create(CultureInfo.InvariantCulture,
                $"Server: the real PoaPlatform.Server process on SQLite with the city ({city.Shape}) imported, `Live:MaxQueuedBytesPerSocket` = {QueuedBytesPerSocket / 1024:N0} KiB (the default). " +
                $"{count} sockets each subscribe {SubscriptionsPerSocket} times to `poaChanged` (each event carries the totals ten times) and never read again, " +
                $"while 4 clients report progress for {duration.TotalSeconds:N0} s ({reports:N0} reports, each an event for all {count * SubscriptionsPerSocket:N0} subscriptions). " +
                $"Resident memory (VmRSS) of the server process, sampled every second; the bound is the memory before the sockets plus every socket's queue full plus {MiB(Margin):N0} MiB."))
            .Line()
            .Table(["", "resident memory"],
            [
                ["before the sockets", $"{MiB(before):N0} MiB"],
                [$"with {count} sockets and {count * SubscriptionsPerSocket:N0} subscriptions", $"{MiB(subscribed):N0} MiB"],
                ["peak during the reports", $"{MiB(peak):N0} MiB"],
                ["at the end of the reports", $"{MiB(during):N0} MiB"],
                ["10 s after the sockets went away", $"{MiB(after):N0} MiB"],
                ["bound", $"{MiB(bound):N0} MiB"],
            ])
            .Line(string.Create(CultureInfo.InvariantCulture,
                $"The server's own count (`/metrics`): {final.SlowReaders:N0} sockets closed for not reading (`poa_websockets_slow_readers_total`), " +
                $"{(allClosedAt is { } at ? $"none open after {at:N0} s" : $"{final.Open:N0} still open at the end")} (`poa_websockets_open`); the managed heap after a collection peaked at {MiB(peakHeap):N0} MiB. " +
                $"Seen from the clients: {closed} got the close frame (1008), {cut} were cut off (the frame could not reach a client that did not read), {open} still open; " +
                $"they had {messages:N0} messages left to read. Samples (s: MiB): {string.Join(", ", samples.Where((_, i) => i % 5 == 0).Select(x => $"{x.Seconds:N0}: {MiB(x.Bytes):N0}"))}."))
            .Line();
        report.Target($"Server memory with {count} sockets that never read", $"≤ {MiB(bound):N0} MiB", MiB(peak), MiB(bound), higherIsBetter: false, "MiB", Command);
        return report;
    }

    /// <summary>The server's open sockets, slow readers closed, and managed heap after its last collection, from /metrics.</summary>
    private static async Task<(double Open, double SlowReaders, double Heap)> ScrapeAsync(BenchServer server)
    {
        var metrics = await server.MetricsAsync();
        return (metrics("poa_websockets_open"), metrics("poa_websockets_slow_readers_total"), metrics("dotnet_gc_last_collection_heap_size_bytes"));
    }

    /// <summary>A client socket with a small receive buffer, as a slow phone's would be: the server's queue, not the
    /// kernel's buffers, is what fills.</summary>
    private static async Task<ClientWebSocket> ConnectAsync(Uri server)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 8 * 1024 };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new ClientWebSocket();
        client.Options.AddSubProtocol("graphql-transport-ws");
        await client.ConnectAsync(new Uri($"ws://{server.Authority}/graphql"), new HttpMessageInvoker(handler), CancellationToken.None);
        return client;
    }

    private static Task SendAsync(ClientWebSocket socket, JsonObject message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<(int Messages, int? Status)> DrainAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var messages = 0;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                    return (messages, (int?)result.CloseStatus);
                if (result.EndOfMessage)
                    messages++;
            }
        }
        catch (OperationCanceledException)
        {
            return (messages, -1);
        }
        catch (WebSocketException)
        {
            return (messages, null);
        }
    }
}
