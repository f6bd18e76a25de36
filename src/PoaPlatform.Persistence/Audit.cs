using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace PoaPlatform.Persistence;

/// <summary>
/// One field change made by one command on a POA action. (ActionKey, Version, Sequence) identifies it: Version is
/// the action's version after the command, Sequence numbers the fields the command changed.
/// </summary>
public sealed record AuditRecord(
    string ActionKey,
    string DepartmentKey,
    string PoaKey,
    long Version,
    int Sequence,
    DateTimeOffset AtUtc,
    string User,
    string UserDepartment,
    string Command,
    string Field,
    string? OldValue,
    string? NewValue);

/// <summary>Filter for <see cref="IAuditStore.ReadAsync"/>; null filters are ignored. Results are newest first.</summary>
public sealed record AuditQuery(string? ActionKey = null, string? DepartmentKey = null, string? PoaKey = null, int Limit = 100);

/// <summary>The append-only audit trail (table <c>poa_audit</c>).</summary>
public interface IAuditStore
{
    /// <summary>Appends records in one batch; records already stored (same ActionKey, Version, Sequence) are skipped.</summary>
    Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken ct = default);

    /// <summary>Records matching the query, newest first (at_utc, version, seq descending), at most <see cref="AuditQuery.Limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditQuery query, CancellationToken ct = default);
}

/// <summary>Creates the <see cref="IAuditStore"/> for a database (migrated with <see cref="Migrator"/>).</summary>
public static class AuditStores
{
    public static IAuditStore Create(StorageTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Create<IAuditStore>(t => new PostgresAuditStore(t), t => new SqliteAuditStore(t));
    }

    /// <summary>How a provider's <c>at_utc</c> column reads back as a time.</summary>
    internal static Func<DbDataReader, int, DateTimeOffset> TimeReader(StorageProvider provider) => provider == StorageProvider.PostgreSql
        ? static (reader, i) => new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc))
        : static (reader, i) => DateTimeOffset.ParseExact(
            reader.GetString(i), SqliteAuditStore.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

internal static class AuditSql
{
    public const string Columns =
        "action_key, department_key, poa_key, version, seq, at_utc, user_name, user_department, command, field, old_value, new_value";

    public const int MaxLimit = 10_000;

    /// <summary>WHERE clause and parameters shared by both stores (parameter names @action, @department, @poa, @limit).</summary>
    public static string BuildSelect(AuditQuery query, DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "Limit must be positive.");
        }

        var conditions = new List<string>();
        if (query.ActionKey is not null)
        {
            conditions.Add("action_key = @action");
            Add(command, "action", query.ActionKey);
        }

        if (query.DepartmentKey is not null)
        {
            conditions.Add("department_key = @department");
            Add(command, "department", query.DepartmentKey);
        }

        if (query.PoaKey is not null)
        {
            conditions.Add("poa_key = @poa");
            Add(command, "poa", query.PoaKey);
        }

        Add(command, "limit", Math.Min(query.Limit, MaxLimit));
        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        return $"SELECT {Columns} FROM poa_audit{where} ORDER BY at_utc DESC, version DESC, seq DESC LIMIT @limit";
    }

    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    public static AuditRecord Read(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt64(3),
        reader.GetInt32(4),
        readTime(reader, 5),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetString(8),
        reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.IsDBNull(11) ? null : reader.GetString(11));

    public static async Task<IReadOnlyList<AuditRecord>> ReadAsync(
        StorageTarget target, AuditQuery query, Func<DbDataReader, int, DateTimeOffset> readTime, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Only fixed fragments are concatenated; values are parameters.
        command.CommandText = BuildSelect(query, command);
#pragma warning restore CA2100
        var list = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(Read(reader, readTime));
        }

        return list;
    }
}

/// <summary>PostgreSQL: one INSERT ... SELECT FROM unnest(arrays) per append (one round trip, any batch size).</summary>
internal sealed class PostgresAuditStore(StorageTarget target) : IAuditStore
{
    // Before the statements made from them (static fields initialize in order).
    /// <summary>The names of <see cref="AddArrays"/>'s parameters, in their order.</summary>
    internal static readonly string[] ArrayNames = ["action", "department", "poa", "version", "seq", "at", "user", "user_department", "command", "field", "old", "new"];

    /// <summary>The twelve arrays as a statement names them (<c>@action, …, @new</c>), for <c>unnest</c>.</summary>
    internal static readonly string Arrays = string.Join(", ", ArrayNames.Select(name => "@" + name));

    private static readonly string InsertSql = PositionalSql.Of($"""
        INSERT INTO poa_audit ({AuditSql.Columns})
        SELECT * FROM unnest({Arrays})
        ON CONFLICT (action_key, version, seq) DO NOTHING
        """, ArrayNames);

    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        await using var connection = (NpgsqlConnection)await target.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(InsertSql, connection);
        AddArrays(command.Parameters, records);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The records as the twelve positional array parameters of an insert from <c>unnest</c>, in the order of
    /// <see cref="ArrayNames"/> (for a statement written with <see cref="PositionalSql"/>).</summary>
    internal static void AddArrays(NpgsqlParameterCollection parameters, IReadOnlyList<AuditRecord> records)
    {
        AddArray(parameters, NpgsqlDbType.Text, records, r => r.ActionKey);
        AddArray(parameters, NpgsqlDbType.Text, records, r => r.DepartmentKey);
        AddArray(parameters, NpgsqlDbType.Text, records, r => r.PoaKey);
        AddArray(parameters, NpgsqlDbType.Bigint, records, r => r.Version);
        AddArray(parameters, NpgsqlDbType.Integer, records, r => r.Sequence);
        AddArray(parameters, NpgsqlDbType.TimestampTz, records, r => r.AtUtc.UtcDateTime);
        AddArray(parameters, NpgsqlDbType.Text, records, r => r.User);
        AddArray(parameters, NpgsqlDbType.Text, records, r => r.UserDepartment);
        AddArray(parameters, NpgsqlDbType.Text, records, r => r.Command);
        AddArray(parameters, NpgsqlDbType.Text, records, r => r.Field);
        AddArray(parameters, NpgsqlDbType.Text, records, r => r.OldValue);
        AddArray(parameters, NpgsqlDbType.Text, records, r => r.NewValue);
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditQuery query, CancellationToken ct = default) =>
        AuditSql.ReadAsync(target, query, AuditStores.TimeReader(StorageProvider.PostgreSql), ct);

    private static void AddArray<T>(NpgsqlParameterCollection parameters, NpgsqlDbType type, IReadOnlyList<AuditRecord> records, Func<AuditRecord, T> selector)
    {
        var values = new T[records.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = selector(records[i]);
        }

        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | type, Value = values });
    }
}

/// <summary>SQLite: one transaction with one prepared INSERT OR IGNORE reused per record (no network round trips).</summary>
internal sealed class SqliteAuditStore(StorageTarget target) : IAuditStore
{
    /// <summary>Fixed-width ISO-8601 UTC, so text order is time order.</summary>
    internal const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        await using var connection = (SqliteConnection)await target.OpenConnectionAsync(ct);
        await using var tx = connection.BeginTransaction(deferred: false);
        await using var insert = PrepareInsert(connection, tx);
        foreach (var r in records)
            await insert.InsertAsync(r, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>A prepared <c>INSERT OR IGNORE</c> of one record, reused for many in one transaction.</summary>
    internal static PreparedInsert PrepareInsert(SqliteConnection connection, SqliteTransaction tx) => new(connection, tx);

    internal sealed class PreparedInsert : IAsyncDisposable
    {
        private readonly SqliteCommand _command;
        private readonly Dictionary<string, SqliteParameter> _p = new(StringComparer.Ordinal);

        public PreparedInsert(SqliteConnection connection, SqliteTransaction tx)
        {
            _command = connection.CreateCommand();
            _command.Transaction = tx;
            _command.CommandText = $"""
                INSERT OR IGNORE INTO poa_audit ({AuditSql.Columns})
                VALUES (@action, @department, @poa, @version, @seq, @at, @user, @user_department, @command, @field, @old, @new)
                """;
            foreach (var name in (string[])["action", "department", "poa", "version", "seq", "at", "user", "user_department", "command", "field", "old", "new"])
                _p[name] = _command.Parameters.Add("@" + name, SqliteType.Text);
            _p["version"].SqliteType = SqliteType.Integer;
            _p["seq"].SqliteType = SqliteType.Integer;
            _command.Prepare();
        }

        public Task InsertAsync(AuditRecord r, CancellationToken ct)
        {
            _p["action"].Value = r.ActionKey;
            _p["department"].Value = r.DepartmentKey;
            _p["poa"].Value = r.PoaKey;
            _p["version"].Value = r.Version;
            _p["seq"].Value = r.Sequence;
            _p["at"].Value = r.AtUtc.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
            _p["user"].Value = r.User;
            _p["user_department"].Value = r.UserDepartment;
            _p["command"].Value = r.Command;
            _p["field"].Value = r.Field;
            _p["old"].Value = (object?)r.OldValue ?? DBNull.Value;
            _p["new"].Value = (object?)r.NewValue ?? DBNull.Value;
            return _command.ExecuteNonQueryAsync(ct);
        }

        public ValueTask DisposeAsync() => _command.DisposeAsync();
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditQuery query, CancellationToken ct = default) =>
        AuditSql.ReadAsync(target, query, AuditStores.TimeReader(StorageProvider.Sqlite), ct);
}
