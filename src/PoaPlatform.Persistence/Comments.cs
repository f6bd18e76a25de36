using PoaPlatform.Persistence.Accounts;

namespace PoaPlatform.Persistence;

/// <summary>One message of a thread: of a department's POA (<see cref="ActionKey"/> null) or of one action, optionally
/// about one of its paths.</summary>
public sealed record Comment(long Id, string PoaKey, string DepartmentKey, string? ActionKey, string? Path, string Author, string AuthorRole,
    DateTimeOffset AtUtc, string Text);

/// <summary>The comment threads (table <c>poa_comments</c>), oldest first.</summary>
public sealed class CommentStore(StorageTarget target)
{
    private const string Columns = "id, poa_key, department_key, action_key, path, author, author_role, at_utc, text";

    private readonly Db _db = new(target);

    public async Task<Comment> AddAsync(Comment comment, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(comment);
        var ids = await _db.QueryAsync("INSERT INTO poa_comments (poa_key, department_key, action_key, path, author, author_role, at_utc, text) " +
            "VALUES (@poa, @department, @action, @path, @author, @role, @at, @text) RETURNING id", r => r.GetInt64(0), ct,
            ("poa", comment.PoaKey), ("department", comment.DepartmentKey), ("action", comment.ActionKey), ("path", comment.Path),
            ("author", comment.Author), ("role", comment.AuthorRole), ("at", comment.AtUtc), ("text", comment.Text));
        return comment with { Id = ids[0] };
    }

    /// <summary>A page of the department's own thread (with <paramref name="withActions"/>, of every comment of the
    /// department), oldest first: up to <paramref name="limit"/> comments after the one numbered
    /// <paramref name="afterId"/>, and how many the thread has in all.</summary>
    public Task<(IReadOnlyList<Comment> Page, int Total)> ForDepartmentAsync(string departmentKey, bool withActions, long? afterId, int limit, CancellationToken ct = default) =>
        PageAsync("department_key = @key" + (withActions ? "" : " AND action_key IS NULL"), departmentKey, afterId, limit, ct);

    /// <summary>A page of an action's thread, oldest first, as <see cref="ForDepartmentAsync"/>.</summary>
    public Task<(IReadOnlyList<Comment> Page, int Total)> ForActionAsync(string actionKey, long? afterId, int limit, CancellationToken ct = default) =>
        PageAsync("action_key = @key", actionKey, afterId, limit, ct);

    /// <summary>The newest comments of a POA, a department or an action (the audit trail shows them beside the changes).</summary>
    public async Task<IReadOnlyList<Comment>> NewestAsync(string? poaKey, string? departmentKey, string? actionKey, int limit, CancellationToken ct = default)
    {
        var (filter, key) = actionKey is not null ? ("action_key = @key", actionKey) : departmentKey is not null ? ("department_key = @key", departmentKey) : ("poa_key = @key", poaKey);
        return await _db.QueryAsync($"SELECT {Columns} FROM poa_comments WHERE {filter} ORDER BY id DESC LIMIT @limit", Read, ct, ("key", key), ("limit", limit));
    }

    // Ids grow in the order comments are stored: the order of a thread and the key of its cursors.
    private async Task<(IReadOnlyList<Comment> Page, int Total)> PageAsync(string filter, string key, long? afterId, int limit, CancellationToken ct)
    {
        var page = await _db.QueryAsync($"SELECT {Columns} FROM poa_comments WHERE {filter} AND id > @after ORDER BY id LIMIT @limit", Read, ct,
            ("key", key), ("after", afterId ?? 0), ("limit", limit));
        var total = await _db.QueryAsync($"SELECT COUNT(*) FROM poa_comments WHERE {filter}", r => r.GetInt64(0), ct, ("key", key));
        return (page, (int)total[0]);
    }

    private Comment Read(System.Data.Common.DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), Db.NullableText(r, 3),
        Db.NullableText(r, 4), r.GetString(5), r.GetString(6), _db.Time(r, 7), r.GetString(8));
}
