using System.Data.Common;
using System.Globalization;

namespace PoaPlatform.Persistence.Accounts;

/// <summary>The few differences between our two databases for the identity tables: times (timestamptz or fixed-width
/// ISO text) and booleans (boolean or 0/1). Statements are written once, with @parameters, for both.</summary>
internal sealed class Db(StorageTarget target)
{
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public StorageProvider Provider => target.Provider;

    public async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
            rows.Add(read(reader));
        return rows;
    }

    public DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Statements are constants of this assembly; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = ToDb(value) ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public object? ToDb(object? value) => value switch
    {
        DateTimeOffset time when Provider == StorageProvider.Sqlite => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
        DateTimeOffset time => time.UtcDateTime,
        bool flag when Provider == StorageProvider.Sqlite => flag ? 1 : 0,
        _ => value,
    };

    public DateTimeOffset Time(DbDataReader reader, int ordinal) => Provider == StorageProvider.Sqlite
        ? DateTimeOffset.ParseExact(reader.GetString(ordinal), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
        : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    public DateTimeOffset? NullableTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Time(reader, ordinal);

    public bool Flag(DbDataReader reader, int ordinal) => Provider == StorageProvider.Sqlite ? reader.GetInt64(ordinal) != 0 : reader.GetBoolean(ordinal);

    public static string? NullableText(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>True when the exception says a unique key was violated.</summary>
    public static bool IsDuplicate(DbException exception) =>
        exception is Npgsql.PostgresException { SqlState: "23505" } or Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 };
}

/// <summary>The ids of our rows (accounts, tokens): a GUID as 32 hexadecimal digits.</summary>
public static class Ids
{
    public static bool IsId(string? id) => id is { Length: 32 } && Guid.TryParseExact(id, "N", out _);
}
