using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace PoaPlatform.Persistence;

/// <summary>Where a grain's state lives: the row of <c>orleans_storage</c> keyed by service, state name and grain key
/// (the same rows and columns the Orleans ADO.NET provider reads and writes, so either can read what the other wrote).</summary>
public sealed record StateAddress(string ServiceId, string StateName, string GrainKey);

/// <summary>A stored state: its serialized payload (null after a clear) and its row version, the ETag.</summary>
public sealed record StoredState(byte[]? Payload, int Version);

/// <summary>One write of a batch: the payload (null clears), the version the writer read (null: it read no row) and the
/// audit records committed in the same transaction, only if the state is.</summary>
public sealed record StateWrite(StateAddress Address, byte[]? Payload, int? ExpectedVersion, IReadOnlyList<AuditRecord> Audit);

/// <summary>Grain states and their audit records in one database. Writes come in batches: each batch is one transaction
/// (one round trip on PostgreSQL), and each write in it either lands with its audit records or meets a newer version.</summary>
public interface IGrainStateStore
{
    Task<StoredState?> ReadAsync(StateAddress address, CancellationToken ct = default);

    /// <summary>Reads many states in one round trip: the stored state of each address that has a row (an address with
    /// none is not in the answer), each as <see cref="ReadAsync"/> would read it.</summary>
    Task<IReadOnlyDictionary<StateAddress, StoredState>> ReadManyAsync(IReadOnlyCollection<StateAddress> addresses, CancellationToken ct = default);

    /// <summary>Commits the writes in one transaction. Per write: its new version, or null when the stored version is not
    /// the expected one (that write and its audit records are not applied; the others are). Any error fails the batch.</summary>
    Task<int?[]> CommitAsync(IReadOnlyList<StateWrite> writes, CancellationToken ct = default);
}

public static class GrainStateStores
{
    public static IGrainStateStore Create(StorageTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Create<IGrainStateStore>(t => new PostgresGrainStateStore(t), t => new SqliteGrainStateStore(t));
    }
}

/// <summary>The statements both databases share: one row per (service, state name, grain key); the ADO.NET provider's
/// integer key columns are 0 and its hash columns, which no query reads, are 0.</summary>
internal static class GrainStateSql
{
    public const string Key = "service_id = @service AND grain_type_string = @state AND grain_id_n0 = 0 AND grain_id_n1 = 0 AND grain_id_extension_string = @key";

    public const string Read = $"SELECT payload_binary, version FROM orleans_storage WHERE {Key}";

    /// <summary>No expected version and no row: insert version 1; the expected version stored: version + 1; anything
    /// else: no row (a conflict). <paramref name="now"/> is the database's expression for the time.</summary>
    public static string Upsert(string now) => $"""
        INSERT INTO orleans_storage AS s
            (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string, grain_type_hash, grain_id_hash, payload_binary, version, modified_on)
        SELECT @service, @state, 0, 0, @key, 0, 0, @payload, 1, {now}
        WHERE @expected IS NULL OR EXISTS (SELECT 1 FROM orleans_storage e WHERE e.{Key.Replace(" AND ", " AND e.", StringComparison.Ordinal)})
        ON CONFLICT (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string) DO UPDATE
        SET payload_binary = excluded.payload_binary, version = s.version + 1, modified_on = excluded.modified_on
        WHERE s.version = @expected
        RETURNING version
        """;

    public static async Task<StoredState?> ReadAsync(StorageTarget target, StateAddress address, CancellationToken ct)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = Read;
        AddKey(command, address);
        // The same text for every read: prepared once per connection (kept by Npgsql across the pool's reuses).
        await command.PrepareAsync(ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            return null;
        return Stored(reader);
    }

    /// <summary>The row of <see cref="Read"/> the reader is on.</summary>
    public static StoredState Stored(DbDataReader reader) =>
        new(reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture));

    public static void AddKey(DbCommand command, StateAddress address)
    {
        AuditSql.Add(command, "service", address.ServiceId);
        AuditSql.Add(command, "state", address.StateName);
        AuditSql.Add(command, "key", address.GrainKey);
    }
}

/// <summary>PostgreSQL: a batch is one <see cref="NpgsqlBatch"/> (one round trip, one implicit transaction: any error
/// rolls back all of it). Each write is one statement whose audit insert runs only if its upsert returned a row.</summary>
internal sealed class PostgresGrainStateStore(StorageTarget target) : IGrainStateStore
{
    private static readonly string WriteSql = $"""
        WITH s AS ({GrainStateSql.Upsert("now()").Replace("@expected", "CAST(@expected AS integer)", StringComparison.Ordinal)}),
        a AS (
            INSERT INTO poa_audit ({AuditSql.Columns})
            SELECT u.* FROM unnest(@action, @department, @poa, @version, @seq, @at, @user, @user_department, @command, @field, @old, @new) AS u
            WHERE EXISTS (SELECT 1 FROM s)
            ON CONFLICT (action_key, version, seq) DO NOTHING)
        SELECT version FROM s
        """;

    public Task<StoredState?> ReadAsync(StateAddress address, CancellationToken ct = default) => GrainStateSql.ReadAsync(target, address, ct);

    /// <summary>One round trip: a batch of the prepared point read, one statement per address. (One statement with the
    /// keys in an array would save the statements, but its plan is only as good as the table's statistics: a plan made
    /// while a year's rows were being imported filtered every row of the state name for the keys.)</summary>
    public async Task<IReadOnlyDictionary<StateAddress, StoredState>> ReadManyAsync(IReadOnlyCollection<StateAddress> addresses, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var distinct = addresses.Distinct().ToList();
        var found = new Dictionary<StateAddress, StoredState>(distinct.Count);
        if (distinct.Count == 0)
            return found;
        await using var connection = (NpgsqlConnection)await target.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var address in distinct)
        {
            var command = new NpgsqlBatchCommand(GrainStateSql.Read);
            command.Parameters.Add(new NpgsqlParameter("service", NpgsqlDbType.Text) { Value = address.ServiceId });
            command.Parameters.Add(new NpgsqlParameter("state", NpgsqlDbType.Text) { Value = address.StateName });
            command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = address.GrainKey });
            batch.BatchCommands.Add(command);
        }
        await batch.PrepareAsync(ct);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        for (var i = 0; i < distinct.Count; i++)
        {
            if (i > 0)
                await reader.NextResultAsync(ct);
            if (await reader.ReadAsync(ct))
                found[distinct[i]] = GrainStateSql.Stored(reader);
        }
        return found;
    }

    public async Task<int?[]> CommitAsync(IReadOnlyList<StateWrite> writes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        await using var connection = (NpgsqlConnection)await target.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var write in writes)
        {
            var command = new NpgsqlBatchCommand(WriteSql);
            var p = command.Parameters;
            p.Add(new NpgsqlParameter("service", NpgsqlDbType.Text) { Value = write.Address.ServiceId });
            p.Add(new NpgsqlParameter("state", NpgsqlDbType.Text) { Value = write.Address.StateName });
            p.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = write.Address.GrainKey });
            p.Add(new NpgsqlParameter("payload", NpgsqlDbType.Bytea) { Value = (object?)write.Payload ?? DBNull.Value });
            p.Add(new NpgsqlParameter("expected", NpgsqlDbType.Integer) { Value = (object?)write.ExpectedVersion ?? DBNull.Value });
            PostgresAuditStore.AddArrays(p, write.Audit);
            batch.BatchCommands.Add(command);
        }

        // Prepared once per connection and kept (Npgsql's persistent prepared statements: every write of every batch is
        // the same text): PostgreSQL no longer parses, analyses and plans the statement for each write.
        await batch.PrepareAsync(ct);
        var results = new int?[writes.Count];
        await using var reader = await batch.ExecuteReaderAsync(ct);
        for (var i = 0; i < results.Length; i++)
        {
            if (i > 0)
                await reader.NextResultAsync(ct);
            if (await reader.ReadAsync(ct))
                results[i] = reader.GetInt32(0);
        }

        return results;
    }
}

/// <summary>SQLite: a batch is one <c>BEGIN IMMEDIATE</c> transaction (one WAL commit, one sync) with prepared statements
/// reused for every write; a write's audit rows are inserted only if its upsert returned a row.</summary>
internal sealed class SqliteGrainStateStore(StorageTarget target) : IGrainStateStore
{
    private static readonly string UpsertSql = GrainStateSql.Upsert("strftime('%Y-%m-%d %H:%M:%f', 'now')");

    public Task<StoredState?> ReadAsync(StateAddress address, CancellationToken ct = default) => GrainStateSql.ReadAsync(target, address, ct);

    /// <summary>One connection and one prepared statement for every address (SQLite has no round trip to save; the
    /// connection, its pragma and the statement's compilation are what the reads share).</summary>
    public async Task<IReadOnlyDictionary<StateAddress, StoredState>> ReadManyAsync(IReadOnlyCollection<StateAddress> addresses, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var found = new Dictionary<StateAddress, StoredState>(addresses.Count);
        if (addresses.Count == 0)
            return found;
        await using var connection = (SqliteConnection)await target.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = GrainStateSql.Read;
        var service = command.Parameters.Add("@service", SqliteType.Text);
        var state = command.Parameters.Add("@state", SqliteType.Text);
        var key = command.Parameters.Add("@key", SqliteType.Text);
        command.Prepare();
        foreach (var address in addresses)
        {
            (service.Value, state.Value, key.Value) = (address.ServiceId, address.StateName, address.GrainKey);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
                found[address] = GrainStateSql.Stored(reader);
        }
        return found;
    }

    public async Task<int?[]> CommitAsync(IReadOnlyList<StateWrite> writes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        await using var connection = (SqliteConnection)await target.OpenConnectionAsync(ct);
        await using var tx = connection.BeginTransaction(deferred: false);
        await using var upsert = connection.CreateCommand();
        upsert.Transaction = tx;
        upsert.CommandText = UpsertSql;
        var service = upsert.Parameters.Add("@service", SqliteType.Text);
        var state = upsert.Parameters.Add("@state", SqliteType.Text);
        var key = upsert.Parameters.Add("@key", SqliteType.Text);
        var payload = upsert.Parameters.Add("@payload", SqliteType.Blob);
        var expected = upsert.Parameters.Add("@expected", SqliteType.Integer);
        upsert.Prepare();
        await using var audit = SqliteAuditStore.PrepareInsert(connection, tx);

        var results = new int?[writes.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var write = writes[i];
            (service.Value, state.Value, key.Value) = (write.Address.ServiceId, write.Address.StateName, write.Address.GrainKey);
            payload.Value = (object?)write.Payload ?? DBNull.Value;
            expected.Value = (object?)write.ExpectedVersion ?? DBNull.Value;
            if (await upsert.ExecuteScalarAsync(ct) is not { } version || version is DBNull)
                continue;
            results[i] = Convert.ToInt32(version, CultureInfo.InvariantCulture);
            foreach (var record in write.Audit)
                await audit.InsertAsync(record, ct);
        }

        await tx.CommitAsync(ct);
        return results;
    }
}
