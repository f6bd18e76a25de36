using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using PoaPlatform.Persistence.Accounts;

namespace PoaPlatform.Persistence;

/// <summary>What an evidence item is: a file (its bytes in an <see cref="IEvidenceStore"/>) or a link.</summary>
public enum EvidenceKind
{
    File,
    Link,
}

/// <summary>A reviewer's verdict on an evidence item; every item starts <see cref="Pending"/>.</summary>
public enum EvidenceStatus
{
    Pending,
    Validated,
    Rejected,
}

/// <summary>One evidence item of a progress report: of one action's activity in one month (table <c>poa_evidence</c>).</summary>
/// <remarks>For a file: <see cref="ContentKey"/> names its bytes in the <see cref="IEvidenceStore"/>, and
/// <see cref="ContentType"/> is what its bytes are (never what its name says). For a link: <see cref="Url"/> and
/// <see cref="Title"/>.</remarks>
public sealed record EvidenceItem(long Id, string PoaKey, string DepartmentKey, string ActionKey, int ActivityId, int Month, EvidenceKind Kind,
    string? ContentKey, string? FileName, string? ContentType, long? Size, string? Sha256, string? Url, string? Title,
    string UploadedBy, DateTimeOffset UploadedAt, EvidenceStatus Status, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? ReviewComment)
{
    /// <summary>The progress cell the item supports, as the audit names it: <c>activity/3/progress/5</c>.</summary>
    public string Path => FormattableString.Invariant($"activity/{ActivityId}/progress/{Month}");
}

/// <summary>One line of an evidence item's audit trail (table <c>poa_evidence_events</c>): added, deleted or reviewed.</summary>
public sealed record EvidenceEvent(long EvidenceId, string PoaKey, string DepartmentKey, string ActionKey, string Path, DateTimeOffset AtUtc,
    string User, string Command, string? OldValue, string? NewValue);

/// <summary>Where the bytes of evidence files live: the platform's database (<see cref="DatabaseEvidenceStore"/>) or an
/// S3-compatible object store. Keys are opaque (32 hexadecimal digits); a stored file never changes.</summary>
public interface IEvidenceStore
{
    /// <summary>Stores <paramref name="length"/> bytes read from <paramref name="content"/> under <paramref name="key"/>.</summary>
    Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken ct = default);

    /// <summary>Copies the bytes stored under <paramref name="key"/> to <paramref name="destination"/>; false when there are none.</summary>
    Task<bool> CopyToAsync(string key, Stream destination, CancellationToken ct = default);

    /// <summary>Removes the bytes under <paramref name="key"/>; nothing happens when there are none.</summary>
    Task DeleteAsync(string key, CancellationToken ct = default);
}

/// <summary>Evidence bytes in the table <c>poa_evidence_content</c>, streamed in and out (a SQLite blob handle, a
/// PostgreSQL bytea parameter and sequential reader), never held whole in memory by this class.</summary>
public sealed class DatabaseEvidenceStore(StorageTarget target) : IEvidenceStore
{
    public async Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        await using var connection = await target.OpenConnectionAsync(ct);
        if (connection is SqliteConnection sqlite)
        {
            await using var tx = sqlite.BeginTransaction(deferred: false);
            long rowId;
            await using (var insert = sqlite.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO poa_evidence_content (content_key, content) VALUES (@key, zeroblob(@length)); SELECT last_insert_rowid();";
                insert.Parameters.AddWithValue("@key", key);
                insert.Parameters.AddWithValue("@length", length);
                rowId = (long)(await insert.ExecuteScalarAsync(ct))!;
            }
            await using (var blob = new SqliteBlob(sqlite, "poa_evidence_content", "content", rowId))
                await CopyExactlyAsync(content, blob, length, ct);
            await tx.CommitAsync(ct);
            return;
        }
        await using var command = new NpgsqlCommand("INSERT INTO poa_evidence_content (content_key, content) VALUES (@key, @content)", (NpgsqlConnection)connection);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.Add(new NpgsqlParameter("content", NpgsqlDbType.Bytea) { Value = content, Size = checked((int)length) });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<bool> CopyToAsync(string key, Stream destination, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await using var connection = await target.OpenConnectionAsync(ct);
        if (connection is SqliteConnection sqlite)
        {
            await using var find = sqlite.CreateCommand();
            find.CommandText = "SELECT rowid FROM poa_evidence_content WHERE content_key = @key";
            find.Parameters.AddWithValue("@key", key);
            if (await find.ExecuteScalarAsync(ct) is not long rowId)
                return false;
            await using var blob = new SqliteBlob(sqlite, "poa_evidence_content", "content", rowId, readOnly: true);
            await blob.CopyToAsync(destination, ct);
            return true;
        }
        await using var command = new NpgsqlCommand("SELECT content FROM poa_evidence_content WHERE content_key = @key", (NpgsqlConnection)connection);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        if (!await reader.ReadAsync(ct))
            return false;
        await using (var stream = reader.GetStream(0))
            await stream.CopyToAsync(destination, ct);
        return true;
    }

    public async Task DeleteAsync(string key, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM poa_evidence_content WHERE content_key = @key";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "key";
        parameter.Value = key;
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task CopyExactlyAsync(Stream source, Stream target, long length, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        var left = length;
        while (left > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct);
            if (read == 0)
                throw new EndOfStreamException($"The evidence ended {left} bytes short of {length}.");
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
            left -= read;
        }
    }
}

/// <summary>The evidence items (table <c>poa_evidence</c>) and their audit trail (<c>poa_evidence_events</c>); each change
/// of an item and its event are written in one transaction.</summary>
public sealed class EvidenceRegistry(StorageTarget target)
{
    private const string Columns = "id, poa_key, department_key, action_key, activity_id, month, kind, content_key, file_name, content_type, size_bytes, " +
        "sha256, url, title, uploaded_by, uploaded_at, status, reviewed_by, reviewed_at, review_comment";

    private readonly Db _db = new(target);

    /// <summary>Stores a new item (its <see cref="EvidenceItem.Id"/> is given by the database) and its <c>addEvidence</c> event.</summary>
    public async Task<EvidenceItem> AddAsync(EvidenceItem item, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        long id;
        await using (var insert = _db.Command(connection, "INSERT INTO poa_evidence (poa_key, department_key, action_key, activity_id, month, kind, content_key, " +
            "file_name, content_type, size_bytes, sha256, url, title, uploaded_by, uploaded_at, status) VALUES (@poa, @department, @action, @activity, @month, " +
            "@kind, @content, @file, @type, @size, @sha, @url, @title, @by, @at, @status) RETURNING id",
            ("poa", item.PoaKey), ("department", item.DepartmentKey), ("action", item.ActionKey), ("activity", item.ActivityId), ("month", item.Month),
            ("kind", Name(item.Kind)), ("content", item.ContentKey), ("file", item.FileName), ("type", item.ContentType), ("size", item.Size),
            ("sha", item.Sha256), ("url", item.Url), ("title", item.Title), ("by", item.UploadedBy), ("at", item.UploadedAt), ("status", Name(EvidenceStatus.Pending))))
        {
            insert.Transaction = tx;
            id = Convert.ToInt64(await insert.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        var added = item with { Id = id, Status = EvidenceStatus.Pending, ReviewedBy = null, ReviewedAt = null, ReviewComment = null };
        await AppendAsync(connection, tx, Event(added, item.UploadedAt, item.UploadedBy, "addEvidence", null, Describe(added)), ct);
        await tx.CommitAsync(ct);
        return added;
    }

    public async Task<EvidenceItem?> FindAsync(long id, CancellationToken ct = default) =>
        (await _db.QueryAsync($"SELECT {Columns} FROM poa_evidence WHERE id = @id", Read, ct, ("id", id))).FirstOrDefault();

    /// <summary>An action's items, oldest first, optionally of one activity and one month.</summary>
    public async Task<IReadOnlyList<EvidenceItem>> ForActionAsync(string actionKey, int? activityId, int? month, CancellationToken ct = default)
    {
        var filter = "action_key = @action" + (activityId is null ? "" : " AND activity_id = @activity") + (month is null ? "" : " AND month = @month");
        return await _db.QueryAsync($"SELECT {Columns} FROM poa_evidence WHERE {filter} ORDER BY id", Read, ct,
            ("action", actionKey), ("activity", activityId), ("month", month));
    }

    /// <summary>How many items an action has (all, or of one month): what a quarterly report counts.</summary>
    public async Task<int> CountAsync(string actionKey, int? month, CancellationToken ct = default) =>
        (int)(await _db.QueryAsync("SELECT COUNT(*) FROM poa_evidence WHERE action_key = @action" + (month is null ? "" : " AND month = @month"),
            r => r.GetInt64(0), ct, ("action", actionKey), ("month", month)))[0];

    /// <summary>Items per action of a POA (or of one of its departments) for the months <paramref name="fromMonth"/> to
    /// <paramref name="toMonth"/>, in one query: what the quarterly report counts.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountByActionAsync(string poaKey, string? departmentKey, int fromMonth, int toMonth, CancellationToken ct = default)
    {
        var rows = await _db.QueryAsync("SELECT action_key, COUNT(*) FROM poa_evidence WHERE poa_key = @poa" +
            (departmentKey is null ? "" : " AND department_key = @department") + " AND month >= @from AND month <= @to GROUP BY action_key",
            r => (Key: r.GetString(0), Count: (int)r.GetInt64(1)), ct, ("poa", poaKey), ("department", departmentKey), ("from", fromMonth), ("to", toMonth));
        return rows.ToDictionary(r => r.Key, r => r.Count, StringComparer.Ordinal);
    }

    /// <summary>Removes the item and writes its <c>deleteEvidence</c> event; false when it was not there (any more).</summary>
    public async Task<bool> DeleteAsync(EvidenceItem item, string user, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var delete = _db.Command(connection, "DELETE FROM poa_evidence WHERE id = @id", ("id", item.Id)))
        {
            delete.Transaction = tx;
            if (await delete.ExecuteNonQueryAsync(ct) == 0)
                return false;
        }
        await AppendAsync(connection, tx, Event(item, at, user, "deleteEvidence", Describe(item), null), ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Records a reviewer's verdict and its <c>reviewEvidence</c> event; null when the item is not there.</summary>
    public async Task<EvidenceItem?> ReviewAsync(long id, EvidenceStatus verdict, string? comment, string user, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var update = _db.Command(connection, "UPDATE poa_evidence SET status = @status, reviewed_by = @by, reviewed_at = @at, review_comment = @comment WHERE id = @id",
            ("status", Name(verdict)), ("by", user), ("at", at), ("comment", comment), ("id", id)))
        {
            update.Transaction = tx;
            if (await update.ExecuteNonQueryAsync(ct) == 0)
                return null;
        }
        EvidenceItem item;
        await using (var select = _db.Command(connection, $"SELECT {Columns} FROM poa_evidence WHERE id = @id", ("id", id)))
        {
            select.Transaction = tx;
            await using var reader = await select.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            item = Read(reader);
        }
        await AppendAsync(connection, tx, Event(item, at, user, "reviewEvidence", null,
            Name(verdict).ToUpperInvariant() + (string.IsNullOrEmpty(comment) ? "" : ": " + comment)), ct);
        await tx.CommitAsync(ct);
        return item;
    }

    /// <summary>The newest events of a POA, a department or an action (the audit read shows them beside the changes).</summary>
    public async Task<IReadOnlyList<EvidenceEvent>> NewestEventsAsync(string? poaKey, string? departmentKey, string? actionKey, int limit, CancellationToken ct = default)
    {
        var (filter, key) = actionKey is not null ? ("action_key = @key", actionKey) : departmentKey is not null ? ("department_key = @key", departmentKey) : ("poa_key = @key", poaKey);
        return await _db.QueryAsync("SELECT evidence_id, poa_key, department_key, action_key, path, at_utc, user_name, command, old_value, new_value " +
            $"FROM poa_evidence_events WHERE {filter} ORDER BY id DESC LIMIT @limit",
            r => new EvidenceEvent(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), _db.Time(r, 5), r.GetString(6),
                r.GetString(7), Db.NullableText(r, 8), Db.NullableText(r, 9)), ct, ("key", key), ("limit", limit));
    }

    public static string Name(EvidenceKind kind) => kind == EvidenceKind.File ? "file" : "link";

    public static string Name(EvidenceStatus status) => status switch
    {
        EvidenceStatus.Validated => "validated",
        EvidenceStatus.Rejected => "rejected",
        _ => "pending",
    };

    private static string Describe(EvidenceItem item) => item.Kind == EvidenceKind.File
        ? $"{item.FileName} ({item.ContentType}, {item.Size} bytes, sha256 {item.Sha256})"
        : $"{item.Title} <{item.Url}>";

    private static EvidenceEvent Event(EvidenceItem item, DateTimeOffset at, string user, string command, string? oldValue, string? newValue) =>
        new(item.Id, item.PoaKey, item.DepartmentKey, item.ActionKey, item.Path, at, user, command, oldValue, newValue);

    private async Task AppendAsync(DbConnection connection, DbTransaction tx, EvidenceEvent e, CancellationToken ct)
    {
        await using var insert = _db.Command(connection, "INSERT INTO poa_evidence_events (evidence_id, poa_key, department_key, action_key, path, at_utc, " +
            "user_name, command, old_value, new_value) VALUES (@id, @poa, @department, @action, @path, @at, @user, @command, @old, @new)",
            ("id", e.EvidenceId), ("poa", e.PoaKey), ("department", e.DepartmentKey), ("action", e.ActionKey), ("path", e.Path), ("at", e.AtUtc),
            ("user", e.User), ("command", e.Command), ("old", e.OldValue), ("new", e.NewValue));
        insert.Transaction = tx;
        await insert.ExecuteNonQueryAsync(ct);
    }

    private EvidenceItem Read(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5),
        r.GetString(6) == "file" ? EvidenceKind.File : EvidenceKind.Link, Db.NullableText(r, 7), Db.NullableText(r, 8), Db.NullableText(r, 9),
        r.IsDBNull(10) ? null : r.GetInt64(10), Db.NullableText(r, 11), Db.NullableText(r, 12), Db.NullableText(r, 13), r.GetString(14), _db.Time(r, 15),
        r.GetString(16) switch { "validated" => EvidenceStatus.Validated, "rejected" => EvidenceStatus.Rejected, _ => EvidenceStatus.Pending },
        Db.NullableText(r, 17), _db.NullableTime(r, 18), Db.NullableText(r, 19));
}
