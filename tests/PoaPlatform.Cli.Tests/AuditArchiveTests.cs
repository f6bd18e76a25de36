using MiniExcelLibs;
using PoaPlatform.Persistence;
using PoaPlatform.Testing;

namespace PoaPlatform.Cli.Tests;

public sealed class AuditArchiveTests : IDisposable
{
    private static readonly int s_currentYear = DateTime.UtcNow.Year;

    /// <summary>The test's SQLite database and the archives it writes.</summary>
    private readonly TemporaryDirectory _folder = new("poa-audit-");

    public static TheoryData<string> Providers => new() { "sqlite", "postgresql" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AClosedYearIsArchivedThenPrunedEntryByEntryWhileOtherYearsAndMunicipalitiesStay(string provider)
    {
        var (connection, target) = await DatabaseAsync(provider);
        var store = AuditStores.Create(target);
        await store.AppendAsync(
        [
            Entry("zacatecas", 2020, "obras", 2, 1, "name", "Bacheo", "=SUM(A1:A9)"),
            Entry("zacatecas", 2020, "obras", 1, 1, "action", null, "1 Bacheo"),
            Entry("zacatecas", 2020, "tesoreria", 3, 2, "activity/1/progress/2", "achieved 1", "achieved 2; note primera línea\nsegunda, \"citada\""),
            Entry("guadalupe", 2020, "obras", 1, 1, "action", null, "1 Alumbrado"),
            Entry("zacatecas", s_currentYear, "obras", 1, 1, "action", null, "1 Bacheo"),
        ]);
        var file = _folder.File("bitacora-2020.csv");

        var run = PoaProcess.Run("audit", "archive", "--year", "2020", "--municipality", "zacatecas", "--output", file, "--prune", "--connection", connection);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("3 audit entries of zacatecas/2020", run.Output, StringComparison.Ordinal);
        Assert.Contains("pruned 3 entries of zacatecas/2020", run.Output, StringComparison.Ordinal);
        var rows = CsvRecords.Parse(File.ReadAllText(file));
        Assert.Equal(["action", "department", "poa", "version", "sequence", "atUtc", "user", "userDepartment", "command", "field", "oldValue", "newValue"], rows[0]);
        // Key order (action, version, sequence), formula-like text neutralised, a line break and quotes kept in one cell.
        Assert.Equal([("zacatecas/2020/obras/1", "1", "action"), ("zacatecas/2020/obras/1", "2", "name"), ("zacatecas/2020/tesoreria/1", "3", "activity/1/progress/2")],
            rows.Skip(1).Select(r => (r[0], r[3], r[9])));
        Assert.Equal("'=SUM(A1:A9)", rows[2][11]);
        Assert.Equal("achieved 2; note primera línea\nsegunda, \"citada\"", rows[3][11]);
        Assert.Equal("2020-03-04T05:07:07.0000000Z", rows[1][5]);
        Assert.Empty(await store.ReadAsync(new AuditQuery(PoaKey: "zacatecas/2020")));
        Assert.Single(await store.ReadAsync(new AuditQuery(PoaKey: "guadalupe/2020")));
        Assert.Single(await store.ReadAsync(new AuditQuery(PoaKey: $"zacatecas/{s_currentYear}")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheOpenYearIsNeverPrunedAndAnArchiveNeverOverwritten(string provider)
    {
        var (connection, target) = await DatabaseAsync(provider);
        var store = AuditStores.Create(target);
        await store.AppendAsync([Entry("zacatecas", s_currentYear, "obras", 1, 1, "action", null, "1 Bacheo")]);
        var folder = _folder.Path;
        var refusedFile = Path.Combine(folder, "abierto.csv");

        var refused = PoaProcess.Run("audit", "archive", "--year", $"{s_currentYear}", "--output", refusedFile, "--prune", "--connection", connection);
        var existing = Path.Combine(folder, "existente.xlsx");
        await File.WriteAllTextAsync(existing, "no es un libro");
        var overwrite = PoaProcess.Run("audit", "archive", "--year", "2020", "--output", existing, "--connection", connection);

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"error: {s_currentYear} is not closed (the current year is {s_currentYear}): its audit trail is kept. Archive it without --prune, or prune it once the year is over.",
            refused.Error.Trim());
        Assert.False(File.Exists(refusedFile));
        Assert.Single(await store.ReadAsync(new AuditQuery(PoaKey: $"zacatecas/{s_currentYear}")));
        Assert.Equal(2, overwrite.ExitCode);
        Assert.Contains("exists already; an archive is never overwritten", overwrite.Error, StringComparison.Ordinal);
        Assert.Equal("no es un libro", await File.ReadAllTextAsync(existing));
    }

    [Fact]
    public async Task AnXlsxArchiveKeepsNumbersAsNumbersAndTextAsText()
    {
        var (connection, target) = await DatabaseAsync("sqlite");
        await AuditStores.Create(target).AppendAsync(
        [
            Entry("zacatecas", 2019, "obras", 7, 3, "investment", "1000.00", "+52 492 000"),
            Entry("zacatecas", 2019, "obras", 7, 4, "name", null, "Bacheo"),
        ]);
        var file = _folder.File("bitacora-2019.xlsx");

        var run = PoaProcess.Run("audit", "archive", "--year", "2019", "--output", file, "--connection", connection);

        Assert.True(run.ExitCode == 0, run.Error);
        var rows = MiniExcel.Query(file, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal((7d, 3d, "+52 492 000"), (Convert.ToDouble(rows[0]["version"], System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToDouble(rows[0]["sequence"], System.Globalization.CultureInfo.InvariantCulture), (string?)rows[0]["newValue"]));
        Assert.Equal("Bacheo", rows[1]["newValue"]);
        Assert.Equal(2, (await AuditStores.Create(target).ReadAsync(new AuditQuery(PoaKey: "zacatecas/2019"))).Count);
    }

    public void Dispose() => _folder.Dispose();

    private async Task<(string Connection, StorageTarget Target)> DatabaseAsync(string provider)
    {
        string connection;
        StorageTarget target;
        if (provider == "sqlite")
        {
            var path = _folder.File("poa.db");
            target = StorageTarget.Sqlite(path);
            connection = $"Data Source={path}";
        }
        else
        {
            connection = await PostgresServer.Shared.CreateDatabaseAsync("cli_audit");
            target = StorageTarget.PostgreSql(connection);
        }
        await Migrator.MigrateAsync(target);
        return (connection, target);
    }

    private static AuditRecord Entry(string municipality, int year, string department, long version, int sequence, string field, string? old, string? now) =>
        new($"{municipality}/{year}/{department}/1", $"{municipality}/{year}/{department}", $"{municipality}/{year}", version, sequence,
            new DateTimeOffset(2020, 3, 4, 5, 6, 7, TimeSpan.Zero).AddMinutes(version), "ana", department, "updateAction", field, old, now);
}
