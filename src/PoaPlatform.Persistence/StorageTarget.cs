using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PoaPlatform.Persistence;

/// <summary>The databases PoaPlatform can keep its Orleans state and audit trail in.</summary>
public enum StorageProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>A database to migrate and use: the provider and an ADO.NET connection string for it.</summary>
public sealed record StorageTarget(StorageProvider Provider, string ConnectionString)
{
    /// <summary>Orleans ADO.NET invariant for <see cref="StorageProvider.PostgreSql"/> (Npgsql.NpgsqlFactory).</summary>
    public const string PostgreSqlInvariant = "Npgsql";

    /// <summary>
    /// Orleans ADO.NET invariant for <see cref="StorageProvider.Sqlite"/>. Orleans 10 maps this legacy name to the
    /// assembly <c>Microsoft.Data.Sqlite</c>, type <c>Microsoft.Data.Sqlite.SqliteFactory</c>.
    /// </summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>The invariant to put in Orleans' <c>AdoNet*Options.Invariant</c>.</summary>
    public string AdoInvariant => Provider switch
    {
        StorageProvider.PostgreSql => PostgreSqlInvariant,
        StorageProvider.Sqlite => SqliteInvariant,
        _ => throw new InvalidOperationException($"Unknown provider {Provider}."),
    };

    /// <summary>
    /// A SQLite target for a database file. Pooling on; <c>Default Timeout</c> is the time Microsoft.Data.Sqlite keeps
    /// retrying a statement that meets SQLITE_BUSY (it does so itself, also on connections Orleans opens).
    /// </summary>
    public static StorageTarget Sqlite(string databasePath, int busyTimeoutSeconds = 30)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(databasePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Default,
            Pooling = true,
            DefaultTimeout = busyTimeoutSeconds,
        };
        return new StorageTarget(StorageProvider.Sqlite, builder.ConnectionString);
    }

    /// <summary>
    /// A PostgreSQL target. Unless the connection string says otherwise, <c>No Reset On Close</c> is on: no statement of
    /// ours changes a session's settings, and Npgsql would otherwise reset every pooled connection at its next use with
    /// seven statements (it cannot send <c>DISCARD ALL</c>, which would drop the prepared statements the grain storage
    /// keeps) that PostgreSQL parses and runs before every read and every commit.
    /// </summary>
    public static StorageTarget PostgreSql(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // The keywords as written (Npgsql's own builder answers ContainsKey for any keyword it knows).
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!written.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals(nameof(builder.NoResetOnClose), StringComparison.OrdinalIgnoreCase)))
            builder.NoResetOnClose = true;
        return new StorageTarget(StorageProvider.PostgreSql, builder.ConnectionString);
    }

    /// <summary>The SQLite database file, or null for PostgreSQL / in-memory SQLite.</summary>
    public string? SqliteFilePath
    {
        get
        {
            if (Provider != StorageProvider.Sqlite)
            {
                return null;
            }

            var dataSource = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            return string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal)
                ? null
                : Path.GetFullPath(dataSource);
        }
    }

    /// <summary>
    /// Opens a connection. For SQLite the directory of the database file is created if missing, and the connection
    /// gets <c>busy_timeout</c> (writers wait instead of failing with SQLITE_BUSY) (WAL is set once by the migrator and persists in the file).
    /// </summary>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        switch (Provider)
        {
            case StorageProvider.PostgreSql:
            {
                var connection = new NpgsqlConnection(ConnectionString);
                try
                {
                    await connection.OpenAsync(cancellationToken);
                    return connection;
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }
            }

            case StorageProvider.Sqlite:
            {
                if (SqliteFilePath is { } file && Path.GetDirectoryName(file) is { Length: > 0 } directory)
                {
                    Directory.CreateDirectory(directory);
                }

                var connection = new SqliteConnection(ConnectionString);
                try
                {
                    await connection.OpenAsync(cancellationToken);
                    await using var pragma = connection.CreateCommand();
                    pragma.CommandText = $"PRAGMA busy_timeout = {Math.Max(1, connection.DefaultTimeout) * 1000};";
                    await pragma.ExecuteNonQueryAsync(cancellationToken);
                    return connection;
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }
            }

            default:
                throw new InvalidOperationException($"Unknown provider {Provider}.");
        }
    }

    /// <summary>The one of two implementations that serves this target's database: every per-database store is
    /// created through here.</summary>
    public T Create<T>(Func<StorageTarget, T> postgreSql, Func<StorageTarget, T> sqlite)
    {
        ArgumentNullException.ThrowIfNull(postgreSql);
        ArgumentNullException.ThrowIfNull(sqlite);
        return Provider switch
        {
            StorageProvider.PostgreSql => postgreSql(this),
            StorageProvider.Sqlite => sqlite(this),
            _ => throw new InvalidOperationException($"Unknown provider {Provider}."),
        };
    }

    /// <summary>The connection string without its password, for logs.</summary>
    public override string ToString()
    {
        if (Provider == StorageProvider.PostgreSql)
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Password = null };
            return $"PostgreSql: {builder.ConnectionString}";
        }

        return $"Sqlite: {ConnectionString}";
    }
}
