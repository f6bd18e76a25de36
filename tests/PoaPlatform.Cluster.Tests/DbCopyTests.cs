using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PoaPlatform.Auth;
using PoaPlatform.Testing;
using Xunit.Abstractions;

namespace PoaPlatform.Cluster.Tests;

/// <summary>A city grows up: edited on the embedded default, copied with <c>poa db copy</c> to PostgreSQL, served by a
/// two-silo cluster with the same figures, audit, comments and users; and copied back to SQLite unchanged.</summary>
public sealed class DbCopyTests(ITestOutputHelper output)
{
    internal const string Department = "secretaria-particular";

    /// <summary>What a user of the city would compare: totals and months, the actions' versions, the comments and the
    /// accounts (the audit is read action by action, see <see cref="ReadAsync"/>).</summary>
    private const string Figures = $$"""
        { poa(year: 2021) {
            totals { investment approvedInvestment declaredBeneficiaries { men women } actions activities findings }
            monthly { month programmed achieved spent }
            department(slug: "{{Department}}") { totals { investment } comments(withActions: true, first: 100) { totalCount nodes { id action path author text } }
              actions(first: 100) { nodes { number version } } } }
          users(municipality: "zacatecas") { email role department active } }
        """;

    [Fact]
    public async Task TheSeedCityEditedOnSqliteIsServedByATwoSiloClusterOnItsPostgreSqlCopyAndCopiesBackUnchanged()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var token = new TokenIssuer(DevelopmentSigningKey.FromBase64(key)).Issue("copy-test", "zacatecas", Department, PoaRoles.Admin, TimeSpan.FromHours(1));
        using var folder = new TemporaryDirectory("poa-copy-");
        var root = folder.Path;
        var data = Path.Combine(root, "embedded");
        string before;
        string evidenceUrl;
        var evidence = RandomNumberGenerator.GetBytes(200_000);
        "%PDF-1.7\n"u8.CopyTo(evidence);
        await using (var embedded = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataDirectory"] = data,
            ["Auth:SigningKey"] = key,
        }))
        {
            var actions = await EditAsync(embedded, token);
            evidenceUrl = await AttachEvidenceAsync(embedded, token, actions[0].Number, actions[0].Activities[0], evidence);
            var user = await PoaCli.RunAsync("user", "add", "luis@zacatecas.gob.mx", "--municipality", "zacatecas", "--department", Department, "--role", "editor", "--data-dir", data);
            Assert.True(user.ExitCode == 0, user.Error);
            before = await ReadAsync(embedded, token);
            await embedded.StopGracefullyAsync(TimeSpan.FromSeconds(30));
        }
        Assert.Contains("Revisar la meta de marzo", before, StringComparison.Ordinal);
        Assert.Contains("luis@zacatecas.gob.mx", before, StringComparison.Ordinal);
        Assert.Contains("activity/", before, StringComparison.Ordinal);

        var postgres = await PostgresServer.Shared.CreateDatabaseAsync("copy_cluster");
        var sqlite = $"Data Source={Path.Combine(data, "poa.db")}";
        var copy = await PoaCli.RunAsync("db", "copy", "--from", sqlite, "--to", postgres);
        output.WriteLine(copy.Output);
        Assert.True(copy.ExitCode == 0, copy.Error);
        Assert.Equal(12, Verified(copy.Output));
        var again = await PoaCli.RunAsync("db", "copy", "--from", sqlite, "--to", postgres);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("holds data already", again.Error, StringComparison.Ordinal);

        // And back: PostgreSQL -> SQLite, verified by the copy itself and, independently here, row by row.
        var back = Path.Combine(root, "back", "poa.db");
        var home = await PoaCli.RunAsync("db", "copy", "--from", postgres, "--to", $"Data Source={back}");
        output.WriteLine(home.Output);
        Assert.True(home.ExitCode == 0, home.Error);
        Assert.Equal(12, Verified(home.Output));
        Assert.Equal(Checksums(copy.Output), Checksums(home.Output));
        Assert.Equal(await RowsAsync(Path.Combine(data, "poa.db"), "SELECT grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string, version, hex(payload_binary), hex(payload_apart) FROM orleans_storage"),
            await RowsAsync(back, "SELECT grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string, version, hex(payload_binary), hex(payload_apart) FROM orleans_storage"));
        // The actions' programming is stored apart from their payload (decision 0031): carried there and back too.
        Assert.NotEmpty(await RowsAsync(back, "SELECT grain_id_extension_string FROM orleans_storage WHERE payload_apart IS NOT NULL"));
        Assert.Equal(await RowsAsync(Path.Combine(data, "poa.db"), "SELECT action_key, version, seq, substr(at_utc, 1, 26), user_name, field, new_value FROM poa_audit"),
            await RowsAsync(back, "SELECT action_key, version, seq, substr(at_utc, 1, 26), user_name, field, new_value FROM poa_audit"));

        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "PostgreSql",
            ["ConnectionStrings:Poa"] = postgres,
            ["Storage:DataDirectory"] = Path.Combine(root, "cluster"),
            ["Cluster:Mode"] = "AdoNet",
            ["Cluster:ClusterId"] = $"copy-{Guid.NewGuid():N}",
            ["Auth:SigningKey"] = key,
            ["Seed:Enabled"] = "false",
        };
        await using var a = await ServerProcess.StartAsync(settings);
        await using var b = await ServerProcess.StartAsync(settings);
        Assert.Equal(before, await ReadAsync(b, token));
        Assert.Equal(before, await ReadAsync(a, token));
        // The evidence file went with the rest: its bytes from PostgreSQL now, through either silo.
        Assert.Equal(evidence, await DownloadAsync(a, token, evidenceUrl));
        Assert.Equal(evidence, await DownloadAsync(b, token, evidenceUrl));
    }

    /// <summary>A PDF attached to March's progress of one activity (POST /evidence/...); its download address.</summary>
    private static async Task<string> AttachEvidenceAsync(ServerProcess server, string token, int number, int activity, byte[] pdf)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "acta.pdf" } };
        using var response = await http.PostAsync(new Uri($"/evidence/zacatecas/2021/{Department}/{number}/{activity}/3", UriKind.Relative), form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        return (string)JsonNode.Parse(body)!["downloadUrl"]!;
    }

    private static async Task<byte[]> DownloadAsync(ServerProcess server, string token, string url)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await http.GetByteArrayAsync(new Uri(url, UriKind.Relative));
    }

    /// <summary>Edits of a day's work: the calendar opened, progress reported on three actions, a comment.</summary>
    internal static async Task<IReadOnlyList<(int Number, long Version, int[] Activities)>> EditAsync(ServerProcess server, string token)
    {
        var calendar = await Graph.SendAsync(server, token, """
            mutation($input: SetCalendarInput!) { setCalendar(input: $input) { version } }
            """, new { input = new { year = 2021, cutOffs = TestCalendar.OpenCutOffs().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(), expectedVersion = 0 } });
        Assert.True(calendar["errors"] is null, calendar.ToJsonString());
        var actions = await ActionsAsync(server, token);
        foreach (var (number, version, activities) in actions.Take(3))
        {
            var report = await Graph.SendAsync(server, token, """
                mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }
                """, new { input = new { year = 2021, department = Department, number, activityId = activities[0], month = 3, achieved = number + 1, spent = 1000.5m * number, note = "Avance de marzo", expectedVersion = version } });
            Assert.True(report["errors"] is null, report.ToJsonString());
        }
        var comment = await Graph.SendAsync(server, token, """
            mutation($input: AddCommentInput!) { addComment(input: $input) { id } }
            """, new { input = new { year = 2021, department = Department, number = actions[0].Number, path = $"activity/{actions[0].Activities[0]}/progress/3", text = "Revisar la meta de marzo" } });
        Assert.True(comment["errors"] is null, comment.ToJsonString());
        return actions;
    }

    internal static async Task<IReadOnlyList<(int Number, long Version, int[] Activities)>> ActionsAsync(ServerProcess server, string token)
    {
        var data = await Graph.DataAsync(server, token, $$"""
            { poa(year: 2021) { department(slug: "{{Department}}") { actions(first: 100) { nodes { number version activities { id } } } } } }
            """);
        return data["poa"]!["department"]!["actions"]!["nodes"]!.AsArray()
            .Select(n => ((int)n!["number"]!, (long)n["version"]!, n["activities"]!.AsArray().Select(a => (int)a!["id"]!).ToArray()))
            .Where(a => a.Item3.Length > 0)
            .ToArray();
    }

    /// <summary>The figures, and the whole audit read action by action (a page holds at most 200 entries), every time
    /// cut to the microsecond (SQLite keeps a seventh decimal, PostgreSQL does not) and in key order (cut to the
    /// microsecond, two entries may tie on time).</summary>
    private static async Task<string> ReadAsync(ServerProcess server, string token)
    {
        var figures = await Graph.DataAsync(server, token, Figures);
        var audit = new JsonArray();
        foreach (var action in figures["poa"]!["department"]!["actions"]!["nodes"]!.AsArray())
        {
            var entries = (await Graph.DataAsync(server, token, $$"""
                { poa(year: 2021) { audit(department: "{{Department}}", action: {{(int)action!["number"]!}}, first: 200) {
                  actionKey version sequence atUtc user userDepartment command field oldValue newValue } } }
                """))["poa"]!["audit"]!.AsArray();
            Assert.True(entries.Count is > 0 and < 200, $"{entries.Count} audit entries of action {action["number"]}: the comparison must see them all");
            foreach (var entry in entries)
            {
                var at = DateTimeOffset.Parse((string)entry!["atUtc"]!, CultureInfo.InvariantCulture);
                entry["atUtc"] = at.AddTicks(-(at.Ticks % 10)).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
            }
            foreach (var entry in entries.Select(e => e!.DeepClone()).OrderBy(e => (long)e["version"]!).ThenBy(e => (int)e["sequence"]!))
                audit.Add(entry);
        }
        Assert.Contains(audit, e => ((string?)e!["field"])?.EndsWith("/progress/3", StringComparison.Ordinal) == true);
        return new JsonObject { ["figures"] = figures.DeepClone(), ["audit"] = audit }.ToJsonString();
    }

    private static int Verified(string text) => text.Split('\n').Count(l => l.StartsWith("verified ", StringComparison.Ordinal));

    private static string[] Checksums(string text) => text.Split('\n').Where(l => l.StartsWith("verified ", StringComparison.Ordinal)).Select(l => l.Trim()).ToArray();

    private static async Task<List<string>> RowsAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        rows.Sort(StringComparer.Ordinal);
        Assert.NotEmpty(rows);
        return rows;
    }
}
