using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using PoaPlatform.Auth;
using PoaPlatform.Testing;
using Xunit.Abstractions;

namespace PoaPlatform.Cluster.Tests;

/// <summary>One server killed (SIGKILL) while many writers share its group commits: every write it acknowledged is
/// there when it starts again on the same database.</summary>
public sealed partial class CrashTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task AServerKilledWithGroupCommitsInFlightLosesNoAcknowledgedWrite(string provider)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        using var data = new TemporaryDirectory("poa-crash-");
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = provider,
            ["Storage:DataDirectory"] = data.Path,
            ["Auth:SigningKey"] = key,
            // One transaction at a time (SQLite's only way; PostgreSQL's default is 4 side by side): the writes that
            // arrive while it commits wait for the next one, so batches of several writes are in flight when the
            // process dies, however fast or slow this machine is at the moment.
            ["Storage:GroupCommitWriters"] = "1",
        };
        if (provider == "PostgreSql")
        {
            // Pooled, as a production server's connections are (the test cluster's own default is unpooled, which makes
            // every commit open a connection); the process is killed, and its connections with it.
            settings["ConnectionStrings:Poa"] = new Npgsql.NpgsqlConnectionStringBuilder(await PostgresServer.Shared.CreateDatabaseAsync("crash")) { Pooling = true }.ConnectionString;
        }
        var token = new TokenIssuer(DevelopmentSigningKey.FromBase64(key)).Issue("crash-test", "zacatecas", ClusterTests.Department, PoaRoles.Admin, TimeSpan.FromHours(1));

        ClusterTests.ProgressLoad load;
        var first = await ServerProcess.StartAsync(new Dictionary<string, string>(settings) { ["Seed:Enabled"] = "true" });
        try
        {
            var calendar = await Graph.SendAsync(first, token, """
                mutation($input: SetCalendarInput!) { setCalendar(input: $input) { version } }
                """, new { input = new { year = 2021, cutOffs = TestCalendar.OpenCutOffs().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(), expectedVersion = 0 } });
            Assert.True(calendar["errors"] is null, calendar.ToJsonString());
            load = new ClusterTests.ProgressLoad(token, await DbCopyTests.ActionsAsync(first, token));

            // The counters before the load: the seed's import and the calendar committed through the same storage.
            var before = await CommitsAsync(first);
            var running = load.RunAsync([first]);
            await Task.Delay(TimeSpan.FromSeconds(4));
            // The writers share commits: more writes than transactions during the load, so batches are in flight when
            // it dies.
            var after = await CommitsAsync(first);
            var (commits, writes, seconds) = (after.Commits - before.Commits, after.Writes - before.Writes, after.Seconds - before.Seconds);
            // The import wrote each action's programming apart; progress reports leave it as it is stored (decision 0031).
            Assert.True(before.Apart > 0, "the seed's import wrote no programming apart");
            Assert.Equal(0, after.Apart - before.Apart);
            first.Kill();
            await load.StopAsync(running);
            output.WriteLine($"{provider}: acknowledged {load.Acknowledged} writes in {commits} commits carrying {writes} grain writes ({seconds / commits * 1000:F1} ms per commit); {load.Failed} failed around the kill");
            Assert.True(load.Acknowledged > 50, $"only {load.Acknowledged} writes were acknowledged before the kill; last error: {load.LastError}");
            Assert.True(commits > 0, "no commit during the load");
            Assert.True(writes > commits, $"{writes} grain writes in {commits} commits during the load: no commit carried more than one write");
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await ServerProcess.StartAsync(new Dictionary<string, string>(settings) { ["Seed:Enabled"] = "false" });
        await load.AssertNothingAcknowledgedIsLostAsync(second);
    }

    /// <summary>The storage's commits, the grain writes they carried and those that carried their part stored apart, from
    /// the server's Prometheus metrics.</summary>
    private static async Task<(double Commits, double Writes, double Seconds, double Apart)> CommitsAsync(ServerProcess server)
    {
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(server.BaseAddress, "/metrics"));
        double Sum(string name) => Sample().Matches(metrics).Where(m => m.Groups["name"].Value == name)
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
        return (Sum("poa_storage_commit_writes_count"), Sum("poa_storage_commit_writes_sum"), Sum("poa_storage_commit_duration_seconds_sum"),
            Sum("poa_storage_apart_writes_total"));
    }

    [GeneratedRegex(@"^(?<name>poa_storage_(commit_(writes|duration_seconds)_(count|sum)|apart_writes_total))(\{[^}]*\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
