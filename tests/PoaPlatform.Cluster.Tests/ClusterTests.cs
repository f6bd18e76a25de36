using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PoaPlatform.Auth;
using PoaPlatform.Testing;
using Xunit.Abstractions;

namespace PoaPlatform.Cluster.Tests;

/// <summary>Two server processes forming one Orleans cluster on one PostgreSQL database (ADO.NET membership).</summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    internal const string Department = "secretaria-particular";

    [Fact]
    public async Task AfterASiloIsKilledMidLoadTheSurvivorServesEveryGrainAndNoAcknowledgedWriteIsLost()
    {
        await using var cluster = await TwoSilosAsync();
        var load = new ProgressLoad(cluster.Token, await cluster.ActionsAsync());

        var running = load.RunAsync([cluster.A, cluster.B]);
        await Task.Delay(TimeSpan.FromSeconds(4));
        cluster.B.Kill();
        var killedAt = Stopwatch.StartNew();
        load.Avoid(cluster.B);
        await Task.Delay(TimeSpan.FromSeconds(4));
        await load.StopAsync(running);

        var recovered = await load.WriteEveryActionAsync(cluster.A, TimeSpan.FromSeconds(60));
        output.WriteLine($"acknowledged {load.Acknowledged} writes, {load.Failed} failed; every grain served by the survivor {killedAt.Elapsed.TotalSeconds:F1} s after the kill ({recovered.TotalSeconds:F1} s of retries)");
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(60), $"the survivor served every grain only after {killedAt.Elapsed}");
        Assert.True(load.AcknowledgedThrough(cluster.B) > 0, "the killed silo had acknowledged writes before it died");
        await load.AssertNothingAcknowledgedIsLostAsync(cluster.A);
    }

    [Fact]
    public async Task AGracefulShutdownOfOneSiloLosesNothing()
    {
        await using var cluster = await TwoSilosAsync();
        var load = new ProgressLoad(cluster.Token, await cluster.ActionsAsync());

        var running = load.RunAsync([cluster.A, cluster.B]);
        await Task.Delay(TimeSpan.FromSeconds(3));
        load.Avoid(cluster.B);
        await cluster.B.StopGracefullyAsync(TimeSpan.FromSeconds(45));
        var stoppedAt = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await load.StopAsync(running);
        var loadStopped = stoppedAt.Elapsed;

        await load.WriteEveryActionAsync(cluster.A, TimeSpan.FromSeconds(60));
        output.WriteLine($"acknowledged {load.Acknowledged} writes, {load.Failed} failed; in-flight requests done {loadStopped.TotalSeconds:F1} s and every grain served {stoppedAt.Elapsed.TotalSeconds:F1} s after the shutdown");
        Assert.True(load.AcknowledgedThrough(cluster.B) > 0);
        // The same bar as after a crash: a call caught by the shutdown waits out Cluster:ResponseTimeout (10 s here).
        Assert.True(stoppedAt.Elapsed < TimeSpan.FromSeconds(60), $"after a graceful shutdown the survivor needed {stoppedAt.Elapsed}");
        await load.AssertNothingAcknowledgedIsLostAsync(cluster.A);
    }

    [Fact]
    public async Task ASessionSignedInOnOneSiloIsValidOnTheOther()
    {
        await using var cluster = await TwoSilosAsync();
        var password = System.Text.RegularExpressions.Regex.Match(cluster.A.Output, @"contraseña de un solo uso (?<p>[a-z0-9-]{19})").Groups["p"].Value;
        Assert.Equal(19, password.Length);
        var cookies = new System.Net.CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies });

        using var signIn = await browser.PostAsync(new Uri(cluster.A.BaseAddress, "/auth/signin"), JsonContent.Create(new { email = "admin@poa.local", password }));
        Assert.True(signIn.IsSuccessStatusCode, await signIn.Content.ReadAsStringAsync());
        // The same cookie, sent to the other replica: both read the key ring from the database.
        var session = cookies.GetCookies(cluster.A.BaseAddress)["poa.session"]!;
        using var onB = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.B.BaseAddress, "/auth/me"));
        onB.Headers.Add("Cookie", $"{session.Name}={session.Value}");
        using var me = await browser.SendAsync(onB);

        var answer = (await me.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.True((bool)answer["signedIn"]!, answer.ToJsonString());
        Assert.Equal(("admin", "zacatecas"), ((string?)answer["user"]!["role"], (string?)answer["user"]!["municipality"]));
    }

    private static async Task<TwoSilos> TwoSilosAsync()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var data = new TemporaryDirectory("poa-cluster-");
        ServerProcess? a = null;
        ServerProcess? b = null;
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Storage:Provider"] = "PostgreSql",
                ["ConnectionStrings:Poa"] = await PostgresServer.Shared.CreateDatabaseAsync("cluster"),
                ["Storage:DataDirectory"] = data.Path,
                ["Cluster:Mode"] = "AdoNet",
                ["Cluster:ClusterId"] = $"test-{Guid.NewGuid():N}",
                ["Auth:SigningKey"] = key,
                // A call lost with a silo that shuts down waits this long; 10 s keeps the graceful case quick (README).
                ["Cluster:ResponseTimeout"] = "00:00:10",
            };
            a = await ServerProcess.StartAsync(new Dictionary<string, string>(settings) { ["Seed:Enabled"] = "true" });
            b = await ServerProcess.StartAsync(new Dictionary<string, string>(settings) { ["Seed:Enabled"] = "false" });
            var token = new TokenIssuer(DevelopmentSigningKey.FromBase64(key)).Issue("cluster-test", "zacatecas", Department, PoaRoles.Admin, TimeSpan.FromHours(1));
            // The seed's months closed in 2021: the planning unit opens them for the writers (see TestCalendar).
            var calendar = await Graph.SendAsync(a, token, """
                mutation($input: SetCalendarInput!) { setCalendar(input: $input) { version } }
                """, new { input = new { year = 2021, cutOffs = TestCalendar.OpenCutOffs().Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray(), expectedVersion = 0 } });
            Assert.True(calendar["errors"] is null, calendar.ToJsonString());
            return new TwoSilos(a, b, token, data);
        }
        catch
        {
            // Nothing is returned to dispose: stop what started, then delete its data.
            if (b is not null)
                await b.DisposeAsync();
            if (a is not null)
                await a.DisposeAsync();
            data.Dispose();
            throw;
        }
    }

    /// <summary>The two silos, the token of an admin, and the data directory they share, deleted once both stopped.</summary>
    private sealed record TwoSilos(ServerProcess A, ServerProcess B, string Token, TemporaryDirectory Data) : IAsyncDisposable
    {
        public async Task<IReadOnlyList<(int Number, long Version, int[] Activities)>> ActionsAsync()
        {
            var data = await Graph.DataAsync(A, Token, $$"""
                { poa(year: 2021) { department(slug: "{{Department}}") { actions(first: 100) { nodes { number version activities { id } } } } } }
                """);
            return data["poa"]!["department"]!["actions"]!["nodes"]!.AsArray()
                .Select(n => ((int)n!["number"]!, (long)n["version"]!, n["activities"]!.AsArray().Select(a => (int)a!["id"]!).ToArray()))
                .Where(a => a.Item3.Length > 0)
                .ToArray();
        }

        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            Data.Dispose();
        }
    }

    /// <summary>Writers that each own some progress cells and write 1, 2, 3, ... into them, through one server or the
    /// other, remembering what each server acknowledged.</summary>
    internal sealed class ProgressLoad(string token, IReadOnlyList<(int Number, long Version, int[] Activities)> actions)
    {
        private const int Writers = 12;
        private readonly ConcurrentDictionary<(int Number, int Activity, int Month), (long Acked, long Attempted)> _cells = new();
        private readonly ConcurrentDictionary<int, long> _versions = new(actions.ToDictionary(a => a.Number, a => a.Version));
        private readonly ConcurrentDictionary<int, int> _ackedBy = new();
        private readonly CancellationTokenSource _stop = new();
        private volatile ServerProcess? _avoid;
        private int _acknowledged;
        private int _failed;

        public int Acknowledged => _acknowledged;

        /// <summary>The last failure, for the message of a test that fails.</summary>
        public string? LastError { get; private set; }

        public int Failed => _failed;

        public int AcknowledgedThrough(ServerProcess server) => _ackedBy.GetValueOrDefault(server.Id);

        public void Avoid(ServerProcess server) => _avoid = server;

        public Task RunAsync(ServerProcess[] servers) => Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var cells = (from a in actions from id in a.Activities from month in Enumerable.Range(1, 12) select (a.Number, id, month))
                .Where((_, i) => i % Writers == w).ToArray();
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                var server = servers[i % servers.Length];
                if (server == _avoid)
                    server = servers.First(s => s != _avoid);
                var cell = cells[i % cells.Length];
                var value = _cells.AddOrUpdate(cell, (0, 1), (_, c) => (c.Acked, c.Attempted + 1)).Attempted;
                if (await TryWriteAsync(server, cell, value))
                {
                    _cells.AddOrUpdate(cell, (value, value), (_, c) => (Math.Max(c.Acked, value), c.Attempted));
                    _ackedBy.AddOrUpdate(server.Id, 1, (_, n) => n + 1);
                    Interlocked.Increment(ref _acknowledged);
                }
                else
                {
                    Interlocked.Increment(ref _failed);
                }
            }
        })));

        public async Task StopAsync(Task running)
        {
            await _stop.CancelAsync();
            await running;
        }

        /// <summary>Writes one cell of every action through <paramref name="server"/>, retrying until all succeed.</summary>
        public async Task<TimeSpan> WriteEveryActionAsync(ServerProcess server, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            var pending = actions.ToList();
            while (pending.Count > 0)
            {
                Assert.True(clock.Elapsed < timeout, $"actions {string.Join(", ", pending.Select(p => p.Number))} were still not served after {timeout}; last error: {LastError}");
                var results = await Task.WhenAll(pending.Select(async a =>
                {
                    var cell = (a.Number, a.Activities[0], 12);
                    var value = _cells.AddOrUpdate(cell, (0, 1), (_, c) => (c.Acked, c.Attempted + 1)).Attempted;
                    var ok = await TryWriteAsync(server, cell, value);
                    if (ok)
                        _cells.AddOrUpdate(cell, (value, value), (_, c) => (Math.Max(c.Acked, value), c.Attempted));
                    return (a, ok);
                }));
                pending = results.Where(r => !r.ok).Select(r => r.a).ToList();
                if (pending.Count > 0)
                    await Task.Delay(500);
            }
            return clock.Elapsed;
        }

        /// <summary>Every cell holds at least its last acknowledged value, and exactly it when no later attempt was left
        /// in doubt (a request that failed may or may not have been applied).</summary>
        public async Task AssertNothingAcknowledgedIsLostAsync(ServerProcess server)
        {
            var stored = new Dictionary<(int, int, int), decimal>();
            // Pages of five actions: every action may hold 100 activities of 12 months, and the complexity limit counts them.
            string? after = null;
            do
            {
                var cursor = after is null ? "" : $", after: \"{after}\"";
                var data = await Graph.DataAsync(server, token, $$"""
                    { poa(year: 2021) { department(slug: "{{Department}}") { actions(first: 5{{cursor}}) {
                      pageInfo { hasNextPage endCursor } nodes { number activities { id progress { month achieved } } } } } } }
                    """);
                var page = data["poa"]!["department"]!["actions"]!;
                foreach (var action in page["nodes"]!.AsArray())
                    foreach (var activity in action!["activities"]!.AsArray())
                        foreach (var progress in activity!["progress"]!.AsArray())
                            stored[((int)action["number"]!, (int)activity["id"]!, (int)progress!["month"]!)] = (decimal)progress["achieved"]!;
                after = (bool)page["pageInfo"]!["hasNextPage"]! ? (string?)page["pageInfo"]!["endCursor"] : null;
            }
            while (after is not null);

            foreach (var (cell, (acked, attempted)) in _cells)
            {
                var value = stored.GetValueOrDefault(cell);
                Assert.True(value >= acked, $"cell {cell}: acknowledged {acked} but {value} is stored");
                Assert.True(value <= attempted, $"cell {cell}: {value} is stored but only up to {attempted} was written");
                if (acked == attempted)
                    Assert.Equal(acked, value);
            }
        }

        private async Task<bool> TryWriteAsync(ServerProcess server, (int Number, int Activity, int Month) cell, long value)
        {
            try
            {
                var response = await Graph.SendAsync(server, token, """
                    mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }
                    """, new { input = new { year = 2021, department = Department, number = cell.Number, activityId = cell.Activity, month = cell.Month, achieved = value, spent = 0, note = "Avance", expectedVersion = _versions[cell.Number] } });
                if (response["errors"] is JsonArray { Count: > 0 } errors)
                {
                    // A write whose answer was lost (its silo died or stopped) may still have been applied: like any
                    // editor, take the current version from the conflict and try again.
                    if (errors[0]?["extensions"]?["currentVersion"] is { } current)
                        _versions.AddOrUpdate(cell.Number, (long)current, (_, v) => Math.Max(v, (long)current));
                    LastError = errors[0]?["message"]?.ToString();
                    return false;
                }
                if (response["data"]?["reportProgress"] is null)
                    return false;
                var version = (long)response["data"]!["reportProgress"]!["version"]!;
                _versions.AddOrUpdate(cell.Number, version, (_, v) => Math.Max(v, version));
                return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                LastError = e.Message;
                return false;
            }
        }
    }
}
