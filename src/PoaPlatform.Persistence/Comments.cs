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

    /// <summary>The department's own thread, or with <paramref name="withActions"/> every comment of the department.</summary>
    public async Task<IReadOnlyList<Comment>> ForDepartmentAsync(string departmentKey, bool withActions, int limit, CancellationToken ct = default) =>
        await _db.QueryAsync($"SELECT {Columns} FROM poa_comments WHERE department_key = @department" +
            (withActions ? "" : " AND action_key IS NULL") + " ORDER BY at_utc, id LIMIT @limit", Read, ct, ("department", departmentKey), ("limit", limit));

    public async Task<IReadOnlyList<Comment>> ForActionAsync(string actionKey, int limit, CancellationToken ct = default) =>
        await _db.QueryAsync($"SELECT {Columns} FROM poa_comments WHERE action_key = @action ORDER BY at_utc, id LIMIT @limit", Read, ct,
            ("action", actionKey), ("limit", limit));

    private Comment Read(System.Data.Common.DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), Db.NullableText(r, 3),
        Db.NullableText(r, 4), r.GetString(5), r.GetString(6), _db.Time(r, 7), r.GetString(8));
}
