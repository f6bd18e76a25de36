using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace PoaPlatform.Persistence.Copying;

/// <summary>A copy that cannot start or cannot go on: the message says what, where, and how to fix it.</summary>
public sealed class CopyRefusedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One table copied: how many rows, in how long.</summary>
public sealed record TableCopied(string Table, long Rows, TimeSpan Elapsed);

/// <summary>Row count and checksum of one table read from one database.</summary>
public sealed record TableChecksum(string Table, long Rows, string Checksum);

/// <summary>One table read back from both databases after a copy.</summary>
public sealed record TableCheck(TableChecksum Source, TableChecksum Target)
{
    public bool IsEqual => Source.Rows == Target.Rows && Source.Checksum == Target.Checksum;
}

/// <summary>
/// Copies the platform's data (<see cref="CopyCatalog.CopiedTables"/>) from one database to another, SQLite or
/// PostgreSQL either way. The source is read in one snapshot (a read transaction), the target is migrated first and
/// written in one transaction, so a failed copy leaves it as it was. Values are carried by kind, not by provider type:
/// PostgreSQL's timestamptz and boolean are SQLite's fixed-width text and 0/1. Times keep PostgreSQL's resolution, the
/// microsecond: a seventh decimal of a SQLite time is dropped on the way to PostgreSQL, and checksums compare times at
/// the microsecond.
/// </summary>
public sealed class DatabaseCopy(StorageTarget source, StorageTarget target, Action<string>? progress = null)
{
    private const int ProgressEvery = 50_000;

    private static readonly string[] s_sqliteTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss",
    ];

    private enum ValueKind
    {
        Integer,
        Text,
        Bytes,
        Flag,
        Time,
    }

    private sealed record Column(string Name, ValueKind Kind, string? PostgresType);

    /// <summary>Checks both databases, migrates the target, refuses a target that holds data unless
    /// <paramref name="replace"/> (then its rows in the copied tables are deleted in the same transaction), and copies.</summary>
    public async Task<IReadOnlyList<TableCopied>> CopyAsync(bool replace, CancellationToken ct = default)
    {
        if (source.Provider == target.Provider && (source.ConnectionString == target.ConnectionString
            || (source.SqliteFilePath is { } file && file == target.SqliteFilePath)))
            throw new CopyRefusedException("the source and the target are the same database; give --to another database.");
        await CheckSourceAsync(ct);
        try
        {
            foreach (var applied in await Migrator.MigrateAsync(target, ct: ct))
                progress?.Invoke($"target: applied {applied}");
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            throw new CopyRefusedException($"{target}: could not migrate the target: {e.Message}; check that the server runs and the user may create tables.", e);
        }
        await CheckKnownTablesAsync(target, "target", ct);

        await using var from = await source.OpenConnectionAsync(ct);
        await using var to = await target.OpenConnectionAsync(ct);
        // One snapshot of the source: every table as of the same moment, even if a server still writes to it.
        await using var read = source.Provider == StorageProvider.Sqlite
            ? ((SqliteConnection)from).BeginTransaction(deferred: true)
            : await from.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var write = target.Provider == StorageProvider.Sqlite
            ? ((SqliteConnection)to).BeginTransaction(deferred: false)
            : await to.BeginTransactionAsync(ct);

        var occupied = new List<string>();
        foreach (var table in CopyCatalog.CopiedTables)
        {
            if (await CountAsync(to, write, table, ct) is var rows and > 0)
                occupied.Add($"{table} ({rows:N0} rows)");
        }
        if (occupied.Count > 0 && !replace)
        {
            throw new CopyRefusedException($"{target}: the target holds data already: {string.Join(", ", occupied)}. " +
                "Copy into an empty database, or add --replace to delete what it holds in these tables and replace it with the source's.");
        }
        if (occupied.Count > 0)
        {
            foreach (var table in CopyCatalog.CopiedTables.Reverse())
                await ExecuteAsync(to, write, $"DELETE FROM \"{table}\"", ct);
            progress?.Invoke($"target: deleted what it held in {string.Join(", ", occupied)}");
        }

        var copied = new List<TableCopied>();
        foreach (var table in CopyCatalog.CopiedTables)
        {
            var clock = Stopwatch.StartNew();
            var columns = await PlanAsync(from, read, to, write, table, ct);
            var rows = await CopyTableAsync(from, read, to, write, table, columns, ct);
            copied.Add(new TableCopied(table, rows, clock.Elapsed));
            progress?.Invoke($"{table}: {rows:N0} rows copied ({clock.Elapsed.TotalSeconds:F1} s)");
        }
        await write.CommitAsync(ct);
        return copied;
    }

    /// <summary>Reads every copied table back from both databases: row counts and checksums.</summary>
    public async Task<IReadOnlyList<TableCheck>> VerifyAsync(CancellationToken ct = default)
    {
        await using var a = await source.OpenConnectionAsync(ct);
        await using var b = await target.OpenConnectionAsync(ct);
        var checks = new List<TableCheck>();
        foreach (var table in CopyCatalog.CopiedTables)
        {
            var columns = await PlanAsync(a, null, b, null, table, ct);
            checks.Add(new TableCheck(
                await ChecksumAsync(a, source.Provider, table, columns, ct),
                await ChecksumAsync(b, target.Provider, table, columns, ct)));
        }
        return checks;
    }

    private async Task CheckSourceAsync(CancellationToken ct)
    {
        if (source.Provider == StorageProvider.Sqlite && source.SqliteFilePath is { } file && !File.Exists(file))
            throw new CopyRefusedException($"{source}: there is no database file {file}; check --from (the server's Storage:DataDirectory holds poa.db).");
        IReadOnlyList<string> applied;
        try
        {
            applied = await Migrator.GetAppliedAsync(source, ct);
        }
        catch (DbException e)
        {
            throw new CopyRefusedException($"{source}: cannot read the source: {e.Message}; check --from and that the database server runs.", e);
        }
        var known = Migrator.GetMigrations(source.Provider).Select(m => $"{m.Version:D4}_{m.Name}").ToList();
        if (applied.Count == 0)
            throw new CopyRefusedException($"{source}: the source holds no PoaPlatform schema (no schema_migrations); check --from.");
        if (!applied.SequenceEqual(known, StringComparer.Ordinal))
        {
            throw new CopyRefusedException($"{source}: the source's schema is at {applied[^1]}, this poa's at {known[^1]}; " +
                "run `poa db migrate` on the source with the poa of the same version as its server (or start that server once), then copy.");
        }
        await CheckKnownTablesAsync(source, "source", ct);
    }

    private static async Task CheckKnownTablesAsync(StorageTarget database, string role, CancellationToken ct)
    {
        var tables = await Schema.ListTablesAsync(database, ct);
        if (CopyCatalog.Unlisted(tables) is { Count: > 0 } unknown)
        {
            throw new CopyRefusedException($"{database}: the {role} has tables this poa does not know how to copy: {string.Join(", ", unknown)}; " +
                "use the poa of the same version as the server.");
        }
        if (CopyCatalog.CopiedTables.Except(tables, StringComparer.Ordinal).ToList() is { Count: > 0 } missing)
            throw new CopyRefusedException($"{database}: the {role} lacks the tables {string.Join(", ", missing)}; run `poa db migrate` on it.");
    }

    private async Task<IReadOnlyList<Column>> PlanAsync(DbConnection a, DbTransaction? ta, DbConnection b, DbTransaction? tb, string table, CancellationToken ct)
    {
        var left = await Schema.ListColumnsAsync(a, ta, source.Provider, table, ct);
        var right = (await Schema.ListColumnsAsync(b, tb, target.Provider, table, ct)).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var names = left.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        if (!names.SetEquals(right.Keys))
        {
            throw new CopyRefusedException($"table {table}: the source has the columns ({string.Join(", ", names.Order(StringComparer.Ordinal))}), " +
                $"the target ({string.Join(", ", right.Keys.Order(StringComparer.Ordinal))}); migrate both with the same poa.");
        }
        return left.Select(c =>
        {
            var other = right[c.Name];
            var postgres = source.Provider == StorageProvider.PostgreSql ? c : target.Provider == StorageProvider.PostgreSql ? other : null;
            return new Column(c.Name, KindOf(table, postgres ?? c), postgres?.DeclaredType);
        }).ToList();
    }

    private static ValueKind KindOf(string table, ColumnInfo column) => column.DeclaredType switch
    {
        "integer" or "bigint" or "smallint" => ValueKind.Integer,
        "text" or "character varying" => ValueKind.Text,
        "bytea" or "blob" => ValueKind.Bytes,
        "boolean" => ValueKind.Flag,
        "timestamp with time zone" => ValueKind.Time,
        _ => throw new CopyRefusedException($"table {table}, column {column.Name}: this poa cannot copy the type {column.DeclaredType}."),
    };

    private async Task<long> CopyTableAsync(DbConnection from, DbTransaction read, DbConnection to, DbTransaction write, string table, IReadOnlyList<Column> columns, CancellationToken ct)
    {
        var list = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        await using var select = from.CreateCommand();
        select.Transaction = read;
#pragma warning disable CA2100 // Table and column names come from our catalogue and the database's own schema.
        select.CommandText = $"SELECT {list} FROM \"{table}\"";
#pragma warning restore CA2100
        await using var reader = await select.ExecuteReaderAsync(ct);
        long rows = 0;
        if (to is NpgsqlConnection postgres)
        {
            await using (var importer = await postgres.BeginBinaryImportAsync($"COPY \"{table}\" ({list}) FROM STDIN (FORMAT BINARY)", ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    await importer.StartRowAsync(ct);
                    for (var i = 0; i < columns.Count; i++)
                        await WritePostgresAsync(importer, ReadValue(reader, i, columns[i], source.Provider, table), columns[i], ct);
                    Report(table, ++rows);
                }
                await importer.CompleteAsync(ct);
            }
            foreach (var serial in (await Schema.ListColumnsAsync(to, write, StorageProvider.PostgreSql, table, ct)).Where(c => c.IsSerial))
            {
                // Rows arrive with their ids; the sequence must go on after the largest one.
                await ExecuteAsync(to, write, $"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{serial.Name}'), " +
                    $"COALESCE((SELECT MAX(\"{serial.Name}\") FROM \"{table}\"), 0) + 1, false)", ct);
            }
            return rows;
        }

        await using var insert = to.CreateCommand();
        insert.Transaction = write;
#pragma warning disable CA2100
        insert.CommandText = $"INSERT INTO \"{table}\" ({list}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
#pragma warning restore CA2100
        var parameters = columns.Select((_, i) =>
        {
            var p = insert.CreateParameter();
            p.ParameterName = $"@p{i}";
            insert.Parameters.Add(p);
            return p;
        }).ToArray();
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < columns.Count; i++)
                parameters[i].Value = ToSqlite(ReadValue(reader, i, columns[i], source.Provider, table), columns[i], table) ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(ct);
            Report(table, ++rows);
        }
        return rows;
    }

    private void Report(string table, long rows)
    {
        if (rows % ProgressEvery == 0)
            progress?.Invoke($"{table}: {rows:N0} rows…");
    }

    /// <summary>A value as its kind, whatever the provider: long, string, byte[], bool or a UTC DateTime at the microsecond.</summary>
    private static object? ReadValue(DbDataReader reader, int i, Column column, StorageProvider provider, string table)
    {
        if (reader.IsDBNull(i))
            return null;
        switch (column.Kind)
        {
            case ValueKind.Integer:
                return Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
            case ValueKind.Text:
                return reader.GetString(i);
            case ValueKind.Bytes:
                return reader.GetFieldValue<byte[]>(i);
            case ValueKind.Flag:
                return provider == StorageProvider.PostgreSql ? reader.GetBoolean(i) : reader.GetInt64(i) != 0;
            default:
                var time = provider == StorageProvider.PostgreSql
                    ? DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc)
                    : ParseSqliteTime(reader.GetString(i), table, column.Name);
                return new DateTime(time.Ticks - (time.Ticks % 10), DateTimeKind.Utc);
        }
    }

    private static DateTime ParseSqliteTime(string text, string table, string column) =>
        DateTime.TryParseExact(text, s_sqliteTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new CopyRefusedException($"table {table}, column {column}: \"{text}\" is not a time this copy reads (yyyy-MM-ddTHH:mm:ss.fffffffZ).");

    private static object? ToSqlite(object? value, Column column, string table) => value switch
    {
        bool flag => flag ? 1L : 0L,
        // Our tables keep fixed-width ISO text (Accounts.Db reads it exactly); Orleans' own tables the form of
        // SQLite's strftime('%Y-%m-%d %H:%M:%f'), with the microseconds PostgreSQL had.
        DateTime time when column.Kind == ValueKind.Time => time.ToString(
            table.StartsWith("orleans_", StringComparison.Ordinal) ? "yyyy-MM-dd HH:mm:ss.ffffff" : Accounts.Db.TimeFormat, CultureInfo.InvariantCulture),
        _ => value,
    };

    private static Task WritePostgresAsync(NpgsqlBinaryImporter importer, object? value, Column column, CancellationToken ct)
    {
        if (value is null)
            return importer.WriteNullAsync(ct);
        return column.Kind switch
        {
            ValueKind.Integer => column.PostgresType switch
            {
                "integer" => importer.WriteAsync(checked((int)(long)value), NpgsqlDbType.Integer, ct),
                "smallint" => importer.WriteAsync(checked((short)(long)value), NpgsqlDbType.Smallint, ct),
                _ => importer.WriteAsync((long)value, NpgsqlDbType.Bigint, ct),
            },
            ValueKind.Text => importer.WriteAsync((string)value, NpgsqlDbType.Text, ct),
            ValueKind.Bytes => importer.WriteAsync((byte[])value, NpgsqlDbType.Bytea, ct),
            ValueKind.Flag => importer.WriteAsync((bool)value, NpgsqlDbType.Boolean, ct),
            _ => importer.WriteAsync((DateTime)value, NpgsqlDbType.TimestampTz, ct),
        };
    }

    /// <summary>
    /// Row count and a checksum that does not depend on the provider or on the order rows come back in: every row is
    /// read as kinds (see <see cref="ReadValue"/>), hashed with SHA-256 column by column in name order, and the sorted
    /// row hashes are hashed once more.
    /// </summary>
    private static async Task<TableChecksum> ChecksumAsync(DbConnection connection, StorageProvider provider, string table, IReadOnlyList<Column> columns, CancellationToken ct)
    {
        var ordered = columns.Select((c, i) => (Column: c, Index: i)).OrderBy(c => c.Column.Name, StringComparer.Ordinal).ToArray();
        await using var select = connection.CreateCommand();
#pragma warning disable CA2100
        select.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"\"{c.Name}\""))} FROM \"{table}\"";
#pragma warning restore CA2100
        await using var reader = await select.ExecuteReaderAsync(ct);
        var hashes = new List<byte[]>();
        using var row = new MemoryStream();
        using var writer = new BinaryWriter(row, Encoding.UTF8, leaveOpen: true);
        while (await reader.ReadAsync(ct))
        {
            row.SetLength(0);
            foreach (var (column, index) in ordered)
            {
                writer.Write(column.Name);
                switch (ReadValue(reader, index, column, provider, table))
                {
                    case null:
                        writer.Write((byte)0);
                        break;
                    case long number:
                        writer.Write((byte)'i');
                        writer.Write(number);
                        break;
                    case string text:
                        writer.Write((byte)'s');
                        writer.Write(text);
                        break;
                    case byte[] bytes:
                        writer.Write((byte)'b');
                        writer.Write(bytes.Length);
                        writer.Write(bytes);
                        break;
                    case bool flag:
                        writer.Write((byte)'f');
                        writer.Write(flag);
                        break;
                    case DateTime time:
                        writer.Write((byte)'t');
                        writer.Write(time.Ticks);
                        break;
                }
            }
            writer.Flush();
            hashes.Add(SHA256.HashData(row.GetBuffer().AsSpan(0, (int)row.Length)));
        }
        hashes.Sort((x, y) => x.AsSpan().SequenceCompareTo(y));
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var hash in hashes)
            all.AppendData(hash);
        return new TableChecksum(table, hashes.Count, Convert.ToHexStringLower(all.GetHashAndReset()));
    }

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
#pragma warning restore CA2100
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(ct);
    }
}
