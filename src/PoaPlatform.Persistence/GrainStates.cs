using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace PoaPlatform.Persistence;

/// <summary>Where a grain's state lives: the row of <c>orleans_storage</c> keyed by service, state name and grain key
/// (the same rows and columns the Orleans ADO.NET provider reads and writes, so either can read what the other wrote).</summary>
public sealed record StateAddress(string ServiceId, string StateName, string GrainKey);

/// <summary>A stored state: its serialized payload (null after a clear), its row version (the ETag) and its part stored
/// apart (<c>payload_apart</c>, docs/decisions/0031), null when the row has none.</summary>
public sealed record StoredState(byte[]? Payload, int Version, byte[]? Apart = null);

/// <summary>One write of a batch: the payload (null clears), the version the writer read (null: it read no row) and the
/// audit records committed in the same transaction, only if the state is. <paramref name="Apart"/> is the state's part
/// stored apart, written only when it changed: null leaves the row's part as it is stored (a clear clears it too), so
/// that PostgreSQL keeps the value it moved out of the row where it is instead of writing it again (decision 0031).</summary>
public sealed record StateWrite(StateAddress Address, byte[]? Payload, int? ExpectedVersion, IReadOnlyList<AuditRecord> Audit, byte[]? Apart = null);

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

    public const string Read = $"SELECT payload_binary, version, payload_apart FROM orleans_storage WHERE {Key}";

    /// <summary>The part stored apart after a write: none with a cleared payload; else the written one, or the stored one
    /// when the write has none (<see cref="StateWrite.Apart"/>). <c>s</c> is the stored row, <c>excluded</c> the written.</summary>
    public const string KeptApart = "CASE WHEN excluded.payload_binary IS NULL THEN NULL ELSE COALESCE(excluded.payload_apart, s.payload_apart) END";

    /// <summary>No expected version and no row: insert version 1; the expected version stored: version + 1; anything
    /// else: no row (a conflict). <paramref name="now"/> is the database's expression for the time.</summary>
    public static string Upsert(string now) => $"""
        INSERT INTO orleans_storage AS s
            (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string, grain_type_hash, grain_id_hash, payload_binary, payload_apart, version, modified_on)
        SELECT @service, @state, 0, 0, @key, 0, 0, @payload, CASE WHEN @payload IS NULL THEN NULL ELSE @apart END, 1, {now}
        WHERE @expected IS NULL OR EXISTS (SELECT 1 FROM orleans_storage e WHERE e.{Key.Replace(" AND ", " AND e.", StringComparison.Ordinal)})
        ON CONFLICT (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string) DO UPDATE
        SET payload_binary = excluded.payload_binary, payload_apart = {KeptApart}, version = s.version + 1, modified_on = excluded.modified_on
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
        new(reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
            reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2));

    public static void AddKey(DbCommand command, StateAddress address)
    {
        AuditSql.Add(command, "service", address.ServiceId);
        AuditSql.Add(command, "state", address.StateName);
        AuditSql.Add(command, "key", address.GrainKey);
    }
}

/// <summary>PostgreSQL: a batch is one statement (one round trip, one implicit transaction: any error rolls back all of
/// it) that upserts every write's row from arrays and inserts the audit records of the writes that landed.</summary>
internal sealed class PostgresGrainStateStore(StorageTarget target) : IGrainStateStore
{
    /// <summary>The statement's parameters in their order: it is positional, so Npgsql sends it as it is instead of
    /// parsing a long text for named parameters. The audit arrays carry, per record, the place of its write in the
    /// write arrays (<c>@write</c>, from 1).</summary>
    private static readonly string[] WriteParameters = ["service", "state", "key", "payload", "expected", "apart", .. PostgresAuditStore.ArrayNames, "write"];

    /// <summary>All the writes of a batch in one statement, whose text does not depend on how many there are (prepared
    /// once per connection). Per write, as <see cref="GrainStateSql.Upsert"/>: no expected version and no row inserts
    /// version 1; the expected version stored updates to the next one; anything else writes nothing (a conflict). The
    /// candidate row carries the next version (the expected one + 1, or 1), and the update takes it only when it follows
    /// the stored version, never for a write that expected no row (a stored version is 1 or more). An address may appear
    /// once per statement (PostgreSQL updates a row once per statement): <see cref="Rounds"/>.</summary>
    private static readonly string WriteSql = PositionalSql.Of($"""
        WITH w AS (
            SELECT * FROM unnest(@service::text[], @state::text[], @key::text[], @payload::bytea[], @expected::integer[], @apart::bytea[])
                WITH ORDINALITY AS w(service, state, key, payload, expected, apart, n)),
        s AS (
            INSERT INTO orleans_storage AS s
                (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string, grain_type_hash, grain_id_hash, payload_binary, payload_apart, version, modified_on)
            SELECT w.service, w.state, 0, 0, w.key, 0, 0, w.payload, CASE WHEN w.payload IS NULL THEN NULL ELSE w.apart END, COALESCE(w.expected, 0) + 1, now()
            FROM w LEFT JOIN LATERAL (SELECT true AS found FROM orleans_storage e
                WHERE e.service_id = w.service AND e.grain_type_string = w.state AND e.grain_id_n0 = 0 AND e.grain_id_n1 = 0 AND e.grain_id_extension_string = w.key
                LIMIT 1) e ON true
            WHERE w.expected IS NULL OR e.found
            ON CONFLICT (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string) DO UPDATE
            SET payload_binary = excluded.payload_binary, payload_apart = {GrainStateSql.KeptApart}, version = s.version + 1, modified_on = excluded.modified_on
            WHERE excluded.version > 1 AND s.version = excluded.version - 1
            RETURNING s.service_id, s.grain_type_string, s.grain_id_extension_string, s.version),
        a AS (
            INSERT INTO poa_audit ({AuditSql.Columns})
            SELECT u.action, u.department, u.poa, u.version, u.seq, u.at, u.user_name, u.user_department, u.command, u.field, u.old, u.new
            FROM unnest({PostgresAuditStore.Arrays}, @write::bigint[])
                AS u(action, department, poa, version, seq, at, user_name, user_department, command, field, old, new, write)
            JOIN w ON w.n = u.write
            WHERE EXISTS (SELECT 1 FROM s WHERE s.service_id = w.service AND s.grain_type_string = w.state AND s.grain_id_extension_string = w.key)
            ON CONFLICT (action_key, version, seq) DO NOTHING)
        SELECT service_id, grain_type_string, grain_id_extension_string, version FROM s
        """, WriteParameters);

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
        var results = new int?[writes.Count];
        if (writes.Count == 0)
            return results;
        var rounds = Rounds(writes);
        await using var connection = (NpgsqlConnection)await target.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var round in rounds)
            batch.BatchCommands.Add(Statement(writes, round));

        // Prepared once per connection and kept (Npgsql's persistent prepared statements: every batch is the same text):
        // PostgreSQL no longer parses, analyses and plans it for each batch.
        await batch.PrepareAsync(ct);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        for (var r = 0; r < rounds.Count; r++)
        {
            if (r > 0)
                await reader.NextResultAsync(ct);
            var round = rounds[r];
            while (await reader.ReadAsync(ct))
            {
                var address = new StateAddress(reader.GetString(0), reader.GetString(1), reader.GetString(2));
                results[round[address]] = reader.GetInt32(3);
            }
        }
        return results;
    }

    /// <summary>The writes in statements where each address appears once: the first write of every address, then the
    /// second ones, ... (in the order given: a later write of an address sees what the earlier one wrote). Each round maps
    /// an address to its write's place in <paramref name="writes"/>.</summary>
    private static List<Dictionary<StateAddress, int>> Rounds(IReadOnlyList<StateWrite> writes)
    {
        var rounds = new List<Dictionary<StateAddress, int>> { new(writes.Count) };
        for (var i = 0; i < writes.Count; i++)
        {
            var address = writes[i].Address;
            var r = 0;
            while (r < rounds.Count && rounds[r].ContainsKey(address))
                r++;
            if (r == rounds.Count)
                rounds.Add([]);
            rounds[r].Add(address, i);
        }
        return rounds;
    }

    private static NpgsqlBatchCommand Statement(IReadOnlyList<StateWrite> writes, Dictionary<StateAddress, int> round)
    {
        var count = round.Count;
        var services = new string[count];
        var states = new string[count];
        var keys = new string[count];
        var payloads = new byte[]?[count];
        var expected = new int?[count];
        var aparts = new byte[]?[count];
        var audit = new List<AuditRecord>();
        var places = new List<long>();
        var n = 0;
        foreach (var i in round.Values)
        {
            var write = writes[i];
            services[n] = write.Address.ServiceId;
            states[n] = write.Address.StateName;
            keys[n] = write.Address.GrainKey;
            payloads[n] = write.Payload;
            expected[n] = write.ExpectedVersion;
            aparts[n] = write.Apart;
            n++;
            for (var a = 0; a < write.Audit.Count; a++)
            {
                audit.Add(write.Audit[a]);
                places.Add(n);
            }
        }

        var command = new NpgsqlBatchCommand(WriteSql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = services });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = states });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = keys });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = payloads });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, Value = expected });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = aparts });
        PostgresAuditStore.AddArrays(p, audit);
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = places.ToArray() });
        return command;
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
        var apart = upsert.Parameters.Add("@apart", SqliteType.Blob);
        upsert.Prepare();
        await using var audit = SqliteAuditStore.PrepareInsert(connection, tx);

        var results = new int?[writes.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var write = writes[i];
            (service.Value, state.Value, key.Value) = (write.Address.ServiceId, write.Address.StateName, write.Address.GrainKey);
            payload.Value = (object?)write.Payload ?? DBNull.Value;
            expected.Value = (object?)write.ExpectedVersion ?? DBNull.Value;
            apart.Value = (object?)write.Apart ?? DBNull.Value;
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

/// <summary>A statement written with named parameters (<c>@name</c>), as PostgreSQL's positional ones (<c>$1</c>, ...):
/// Npgsql sends a statement with positional parameters as it is, without parsing it for names.</summary>
internal static partial class PositionalSql
{
    /// <summary><paramref name="sql"/> with each <c>@name</c> of <paramref name="names"/> as <c>$</c> and its place
    /// (from 1); a name not in the list is an error, so the parameters and the text cannot drift apart.</summary>
    public static string Of(string sql, string[] names)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(names);
        return Named().Replace(sql, match =>
        {
            var place = Array.IndexOf(names, match.Groups[1].Value);
            return place < 0
                ? throw new ArgumentException($"@{match.Groups[1].Value} is not one of the statement's parameters ({string.Join(", ", names)}).", nameof(names))
                : "$" + (place + 1).ToString(CultureInfo.InvariantCulture);
        });
    }

    [GeneratedRegex(@"@(\w+)", RegexOptions.CultureInvariant)]
    private static partial Regex Named();
}
