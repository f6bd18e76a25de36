using System.Data.Common;

namespace PoaPlatform.Persistence.Copying;

/// <summary>A column as the database declares it: its name (lower case), declared type, and whether a sequence fills it.</summary>
public sealed record ColumnInfo(string Name, string DeclaredType, bool IsSerial);

/// <summary>Reads tables and columns from the database's own catalogue (sqlite_master / information_schema), never from our migrations.</summary>
public static class Schema
{
    /// <summary>The tables of the database, lower case, in name order (SQLite's internal tables left out).</summary>
    public static async Task<IReadOnlyList<string>> ListTablesAsync(DbConnection connection, StorageProvider provider, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = provider == StorageProvider.PostgreSql
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            tables.Add(reader.GetString(0).ToLowerInvariant());
        tables.Sort(StringComparer.Ordinal);
        return tables;
    }

    /// <summary>The tables of a database, opened and closed here.</summary>
    public static async Task<IReadOnlyList<string>> ListTablesAsync(StorageTarget target, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var connection = await target.OpenConnectionAsync(ct);
        return await ListTablesAsync(connection, target.Provider, ct);
    }

    /// <summary>The columns of a table in their declared order.</summary>
    public static async Task<IReadOnlyList<ColumnInfo>> ListColumnsAsync(DbConnection connection, DbTransaction? transaction, StorageProvider provider, string table, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = provider == StorageProvider.PostgreSql
            ? "SELECT column_name, data_type, COALESCE(column_default, '') FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table ORDER BY ordinal_position"
            : "SELECT name, type, '' FROM pragma_table_info(@table) ORDER BY cid";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "table";
        parameter.Value = table;
        command.Parameters.Add(parameter);
        var columns = new List<ColumnInfo>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            columns.Add(new ColumnInfo(reader.GetString(0).ToLowerInvariant(), reader.GetString(1).ToLowerInvariant(),
                reader.GetString(2).StartsWith("nextval(", StringComparison.Ordinal)));
        }
        return columns;
    }
}
