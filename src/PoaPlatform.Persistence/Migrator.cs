using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace PoaPlatform.Persistence;

/// <summary>One versioned SQL script shipped in this assembly (Migrations/{Provider}/NNNN_name.sql).</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Applies the embedded migrations of a provider in version order. What was applied is recorded in
/// <c>schema_migrations(version, name, applied_at)</c>; applying again is a no-op. Each migration runs in its own
/// transaction together with its <c>schema_migrations</c> row. On PostgreSQL every transaction first takes
/// <c>pg_advisory_xact_lock</c>, so concurrent migrators (several silos starting at once) serialise and each
/// migration is applied exactly once. On SQLite the transaction is <c>BEGIN IMMEDIATE</c> (one writer at a time),
/// the database is switched to WAL, and the directory of the database file is created if missing.
/// </summary>
public static partial class Migrator
{
    /// <summary>Advisory lock key of the PoaPlatform migrator ("poa-migr" as 8 ASCII bytes).</summary>
    public const long PostgresAdvisoryLockKey = 0x706F_612D_6D69_6772;

    private const string SchemaMigrationsPostgres = """
        CREATE TABLE IF NOT EXISTS schema_migrations
        (
            version    integer     NOT NULL PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    private const string SchemaMigrationsSqlite = """
        CREATE TABLE IF NOT EXISTS schema_migrations
        (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at TEXT    NOT NULL
        );
        """;

    /// <summary>Applies pending migrations; returns the names (e.g. <c>0001_orleans_clustering</c>) applied by this call.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(StorageTarget target, Action<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var migrations = GetMigrations(target.Provider);
        var applied = new List<string>();
        await using var connection = await target.OpenConnectionAsync(ct);

        if (target.Provider == StorageProvider.Sqlite)
        {
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", ct);
        }

        await using (var tx = await BeginAsync(connection, target.Provider, ct))
        {
            await ExecuteAsync(connection, tx, target.Provider == StorageProvider.PostgreSql ? SchemaMigrationsPostgres : SchemaMigrationsSqlite, ct);
            await tx.CommitAsync(ct);
        }

        foreach (var migration in migrations)
        {
            ct.ThrowIfCancellationRequested();
            await using var tx = await BeginAsync(connection, target.Provider, ct);
            if (await IsAppliedAsync(connection, tx, migration.Version, ct))
            {
                await tx.RollbackAsync(ct);
                continue;
            }

            var label = $"{migration.Version:D4}_{migration.Name}";
            progress?.Invoke($"applying {label} ({target.Provider})");
            try
            {
                await ExecuteAsync(connection, tx, migration.Sql, ct);
            }
            catch (DbException ex)
            {
                throw new InvalidOperationException($"Migration {label} failed on {target.Provider}: {ex.Message}", ex);
            }

            await using (var record = connection.CreateCommand())
            {
                record.Transaction = tx;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)";
                AddParameter(record, "version", migration.Version);
                AddParameter(record, "name", label);
                AddParameter(record, "at", target.Provider == StorageProvider.PostgreSql
                    ? DateTime.UtcNow
                    : DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(ct);
            }

            await tx.CommitAsync(ct);
            applied.Add(label);
        }

        return applied;
    }

    /// <summary>The names of the migrations recorded as applied, in version order.</summary>
    public static async Task<IReadOnlyList<string>> GetAppliedAsync(StorageTarget target, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var connection = await target.OpenConnectionAsync(ct);
        var names = new List<string>();
        if (!await TableExistsAsync(connection, target.Provider, ct))
        {
            return names;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM schema_migrations ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>The migrations shipped for a provider, in version order.</summary>
    public static IReadOnlyList<Migration> GetMigrations(StorageProvider provider)
    {
        var assembly = typeof(Migrator).Assembly;
        var folder = provider switch
        {
            StorageProvider.PostgreSql => "PostgreSql",
            StorageProvider.Sqlite => "Sqlite",
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        var prefix = $"{assembly.GetName().Name}.Migrations.{folder}.";
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[prefix.Length..^".sql".Length];
            var match = MigrationName().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }

        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].Version == list[i - 1].Version)
            {
                throw new InvalidOperationException($"Two {provider} migrations have version {list[i].Version}.");
            }
        }

        return list;
    }

    private static async Task<DbTransaction> BeginAsync(DbConnection connection, StorageProvider provider, CancellationToken ct)
    {
        if (connection is SqliteConnection sqlite)
        {
            // deferred: false => BEGIN IMMEDIATE: take the write lock up front (busy_timeout waits for it).
            return sqlite.BeginTransaction(deferred: false);
        }

        var tx = await connection.BeginTransactionAsync(ct);
        if (provider == StorageProvider.PostgreSql)
        {
            await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({PostgresAdvisoryLockKey})", ct);
        }

        return tx;
    }

    private static async Task<bool> IsAppliedAsync(DbConnection connection, DbTransaction tx, int version, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = @version";
        AddParameter(command, "version", version);
        var count = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        return count > 0;
    }

    private static async Task<bool> TableExistsAsync(DbConnection connection, StorageProvider provider, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = provider == StorageProvider.PostgreSql
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'schema_migrations' AND table_schema = current_schema()"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
#pragma warning disable CA2100 // The SQL is our own embedded migration text, not user input.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    [GeneratedRegex(@"^(\d{4})_([A-Za-z0-9_]+)$")]
    private static partial Regex MigrationName();
}
