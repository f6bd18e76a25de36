using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PoaPlatform.Auth;
using PoaPlatform.Testing;
using Xunit.Abstractions;

namespace PoaPlatform.Cluster.Tests;

/// <summary><c>poa db backup</c> of the embedded default while its server takes writes, and <c>poa db restore</c> into
/// a fresh data directory that a new server serves.</summary>
public sealed class BackupTests(ITestOutputHelper output)
{
    private const int Writers = 6;

    [Fact]
    public async Task ABackupTakenDuringWritesRestoresToAServerThatServesEveryWriteAcknowledgedBeforeItStarted()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var token = new TokenIssuer(DevelopmentSigningKey.FromBase64(key)).Issue("backup-test", "zacatecas", DbCopyTests.Department, PoaRoles.Admin, TimeSpan.FromHours(1));
        using var folder = new TemporaryDirectory("poa-backup-");
        var root = folder.Path;
        var backupFile = Path.Combine(root, "backups", "poa-2021.bak");
        var acks = new ConcurrentQueue<((int Number, int Activity, int Month) Cell, long Value, long At)>();
        long started, ended;
        PoaCli.Result backup;
        await using (var live = await ServerProcess.StartAsync(Settings(key, Path.Combine(root, "live"), seed: true)))
        {
            await DbCopyTests.EditAsync(live, token);
            var actions = await DbCopyTests.ActionsAsync(live, token);
            var versions = new ConcurrentDictionary<int, long>(actions.ToDictionary(a => a.Number, a => a.Version));
            using var stop = new CancellationTokenSource();
            var writers = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                var cells = (from a in actions from id in a.Activities from month in Enumerable.Range(1, 12) select (a.Number, id, month))
                    .Where((_, i) => i % Writers == w).ToArray();
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var cell = cells[i % cells.Length];
                    var value = i + 1L;
                    if (await WriteAsync(live, token, versions, cell, value))
                        acks.Enqueue((cell, value, Stopwatch.GetTimestamp()));
                }
            })));
            await Task.Delay(TimeSpan.FromSeconds(2));
            started = Stopwatch.GetTimestamp();
            backup = await PoaCli.RunAsync("db", "backup", "--data-dir", Path.Combine(root, "live"), "--output", backupFile);
            ended = Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await stop.CancelAsync();
            await writers;
        }
        output.WriteLine(backup.Output);
        Assert.True(backup.ExitCode == 0, backup.Error);

        var before = acks.Where(a => a.At < started).GroupBy(a => a.Cell).ToDictionary(g => g.Key, g => g.Max(a => a.Value));
        var during = acks.Count(a => a.At >= started && a.At <= ended);
        output.WriteLine($"{acks.Count} writes acknowledged: {before.Values.Count} cells written before the backup, {during} writes acknowledged while it ran ({backup.Elapsed.TotalSeconds:F1} s)");
        Assert.True(before.Count > 10, "the server acknowledged writes before the backup");
        Assert.True(during > 0, "the server went on acknowledging writes while the backup ran");
        await using (var file = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = backupFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString))
        {
            await file.OpenAsync();
            Assert.Equal("ok", await ScalarAsync(file, "PRAGMA integrity_check"));
            Assert.Equal("delete", await ScalarAsync(file, "PRAGMA journal_mode"));
        }

        var restored = Path.Combine(root, "restored");
        var restore = await PoaCli.RunAsync("db", "restore", "--input", backupFile, "--data-dir", restored);
        Assert.True(restore.ExitCode == 0, restore.Error);
        await using var server = await ServerProcess.StartAsync(Settings(key, restored, seed: false));
        var served = await CellsAsync(server, token);
        var lost = before.Where(c => served.GetValueOrDefault(c.Key) < c.Value).Select(c => $"{c.Key}: acknowledged {c.Value}, served {served.GetValueOrDefault(c.Key)}").ToList();
        Assert.True(lost.Count == 0, string.Join("\n", lost));
    }

    private static Dictionary<string, string> Settings(string key, string data, bool seed) => new()
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:DataDirectory"] = data,
        ["Auth:SigningKey"] = key,
        ["Seed:Enabled"] = seed ? "true" : "false",
    };

    private static async Task<bool> WriteAsync(ServerProcess server, string token, ConcurrentDictionary<int, long> versions, (int Number, int Activity, int Month) cell, long value)
    {
        try
        {
            var response = await Graph.SendAsync(server, token, """
                mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }
                """, new { input = new { year = 2021, department = DbCopyTests.Department, number = cell.Number, activityId = cell.Activity, month = cell.Month, achieved = value, spent = 0, note = "Avance", expectedVersion = versions[cell.Number] } });
            if (response["errors"] is JsonArray { Count: > 0 } errors)
            {
                if (errors[0]?["extensions"]?["currentVersion"] is { } current)
                    versions.AddOrUpdate(cell.Number, (long)current, (_, v) => Math.Max(v, (long)current));
                return false;
            }
            var version = (long)response["data"]!["reportProgress"]!["version"]!;
            versions.AddOrUpdate(cell.Number, version, (_, v) => Math.Max(v, version));
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<Dictionary<(int, int, int), long>> CellsAsync(ServerProcess server, string token)
    {
        var stored = new Dictionary<(int, int, int), long>();
        string? after = null;
        do
        {
            var cursor = after is null ? "" : $", after: \"{after}\"";
            var data = await Graph.DataAsync(server, token, $$"""
                { poa(year: 2021) { department(slug: "{{DbCopyTests.Department}}") { actions(first: 5{{cursor}}) {
                  pageInfo { hasNextPage endCursor } nodes { number activities { id progress { month achieved } } } } } } }
                """);
            var page = data["poa"]!["department"]!["actions"]!;
            foreach (var action in page["nodes"]!.AsArray())
                foreach (var activity in action!["activities"]!.AsArray())
                    foreach (var progress in activity!["progress"]!.AsArray())
                        stored[((int)action["number"]!, (int)activity["id"]!, (int)progress!["month"]!)] = (long)(decimal)progress["achieved"]!;
            after = (bool)page["pageInfo"]!["hasNextPage"]! ? (string?)page["pageInfo"]!["endCursor"] : null;
        }
        while (after is not null);
        return stored;
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
