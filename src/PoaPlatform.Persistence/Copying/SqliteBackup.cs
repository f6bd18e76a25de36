using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PoaPlatform.Persistence.Copying;

/// <summary>What a backup or a restore wrote: the file, its size, its rows of grain state and audit, its last migration.</summary>
public sealed record BackupSummary(string File, long Bytes, long GrainStates, long AuditEntries, string Schema);

/// <summary>
/// Backups of the embedded SQLite database through SQLite's online backup API (<see cref="SqliteConnection.BackupDatabase(SqliteConnection)"/>):
/// one read transaction on the source, so the copy is the database as of one moment while a running server goes on
/// writing (WAL readers do not block writers). The copy is written next to the output as <c>.partial</c>, switched to a
/// rollback journal (one self-contained file), checked with <c>PRAGMA integrity_check</c>, then renamed into place.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Backs up <paramref name="database"/> into <paramref name="output"/>, which must not exist.</summary>
    public static async Task<BackupSummary> BackupAsync(StorageTarget database, string output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var file = database.SqliteFilePath ?? throw new CopyRefusedException($"{database}: backups are of a SQLite file; for PostgreSQL use pg_dump (README, \"Backups\").");
        if (!File.Exists(file))
            throw new CopyRefusedException($"there is no database file {file}; give --data-dir (the server's Storage:DataDirectory) or --connection \"Data Source=...\".");
        output = Path.GetFullPath(output);
        if (File.Exists(output))
            throw new CopyRefusedException($"{output} exists already; choose another file name (a backup never overwrites one).");
        if (Path.GetDirectoryName(output) is { Length: > 0 } directory)
            Directory.CreateDirectory(directory);

        var partial = output + ".partial";
        File.Delete(partial);
        await using (var from = (SqliteConnection)await database.OpenConnectionAsync(ct))
        await using (var to = new SqliteConnection(Sqlite(partial, SqliteOpenMode.ReadWriteCreate)))
        {
            await to.OpenAsync(ct);
            from.BackupDatabase(to);
            await ExecuteAsync(to, "PRAGMA journal_mode = DELETE", ct);
        }
        var summary = await CheckAsync(partial, ct);
        SqliteConnection.ClearAllPools();
        File.Move(partial, output);
        return summary with { File = output };
    }

    /// <summary>Checks a backup file (integrity, our schema) and copies it into <paramref name="database"/>, which must
    /// hold no data unless <paramref name="replace"/>.</summary>
    public static async Task<BackupSummary> RestoreAsync(string input, StorageTarget database, bool replace, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var file = database.SqliteFilePath ?? throw new CopyRefusedException($"{database}: restores are into a SQLite file; for PostgreSQL use pg_restore (README, \"Backups\").");
        input = Path.GetFullPath(input);
        if (!File.Exists(input))
            throw new CopyRefusedException($"there is no backup file {input}; check --input.");
        if (string.Equals(input, file, StringComparison.Ordinal))
            throw new CopyRefusedException($"{input} is the database itself; restore into another --data-dir.");
        await CheckAsync(input, ct);
        if (File.Exists(file))
        {
            var held = await HeldRowsAsync(database, ct);
            if (held.Count > 0 && !replace)
            {
                throw new CopyRefusedException($"{file} holds data already: {string.Join(", ", held)}. Restore into an empty data directory, " +
                    "or stop every server using this one and add --replace to overwrite it.");
            }
        }

        await using (var from = new SqliteConnection(Sqlite(input, SqliteOpenMode.ReadOnly)))
        await using (var to = (SqliteConnection)await database.OpenConnectionAsync(ct))
        {
            await from.OpenAsync(ct);
            from.BackupDatabase(to);
            await ExecuteAsync(to, "PRAGMA journal_mode = WAL", ct);
        }
        SqliteConnection.ClearAllPools();
        var summary = await CheckAsync(file, ct);
        return summary with { File = file };
    }

    /// <summary>Integrity and contents of a SQLite file: refuses one that is damaged or is not a PoaPlatform database.</summary>
    public static async Task<BackupSummary> CheckAsync(string file, CancellationToken ct = default)
    {
        try
        {
            // ReadWrite, never Create: a file in WAL mode cannot always be opened read-only once its -shm is gone.
            await using var connection = new SqliteConnection(Sqlite(file, SqliteOpenMode.ReadWrite));
            await connection.OpenAsync(ct);
            var integrity = await ScalarAsync(connection, "PRAGMA integrity_check", ct);
            if (!string.Equals(integrity, "ok", StringComparison.Ordinal))
                throw new CopyRefusedException($"{file} is damaged: PRAGMA integrity_check says \"{integrity}\".");
            var tables = await Schema.ListTablesAsync(connection, StorageProvider.Sqlite, ct);
            if (!tables.Contains("schema_migrations") || !tables.Contains("orleans_storage"))
                throw new CopyRefusedException($"{file} is not a PoaPlatform database (it has no schema_migrations or orleans_storage table).");
            var schema = await ScalarAsync(connection, "SELECT name FROM schema_migrations ORDER BY version DESC LIMIT 1", ct);
            var grains = long.Parse(await ScalarAsync(connection, "SELECT COUNT(*) FROM orleans_storage", ct), CultureInfo.InvariantCulture);
            var audit = tables.Contains("poa_audit") ? long.Parse(await ScalarAsync(connection, "SELECT COUNT(*) FROM poa_audit", ct), CultureInfo.InvariantCulture) : 0;
            return new BackupSummary(file, new FileInfo(file).Length, grains, audit, schema);
        }
        catch (SqliteException e)
        {
            throw new CopyRefusedException($"{file} is not a readable SQLite database: {e.Message}", e);
        }
    }

    private static async Task<List<string>> HeldRowsAsync(StorageTarget database, CancellationToken ct)
    {
        await using var connection = (SqliteConnection)await database.OpenConnectionAsync(ct);
        var tables = await Schema.ListTablesAsync(connection, StorageProvider.Sqlite, ct);
        var held = new List<string>();
        foreach (var table in CopyCatalog.CopiedTables.Where(t => tables.Contains(t, StringComparer.Ordinal)))
        {
            var rows = long.Parse(await ScalarAsync(connection, $"SELECT COUNT(*) FROM \"{table}\"", ct), CultureInfo.InvariantCulture);
            if (rows > 0)
                held.Add($"{table} ({rows:N0} rows)");
        }
        return held;
    }

    private static string Sqlite(string file, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ConnectionString;

    private static async Task<string> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Our own statements; table names from our catalogue.
        command.CommandText = sql;
#pragma warning restore CA2100
        return Convert.ToString(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) ?? "";
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(ct);
    }
}
