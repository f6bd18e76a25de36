using System.Data.Common;

namespace PoaPlatform.Persistence.Accounts;

/// <summary>A personal API token: its secret is never stored, only <see cref="SecretHash"/>; <see cref="Prefix"/>
/// (shown in lists, part of the token) finds it.</summary>
public sealed record ApiTokenRecord(
    string Id,
    string UserId,
    string Name,
    string Prefix,
    string SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt)
{
    public bool IsValid(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}

/// <summary>API tokens (table <c>poa_api_tokens</c>).</summary>
public sealed class ApiTokenStore(StorageTarget target)
{
    private const string Columns = "id, user_id, name, prefix, secret_hash, created_at, expires_at, revoked_at, last_used_at";

    private readonly Db _db = new(target);

    public async Task AddAsync(ApiTokenRecord token, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        await _db.ExecuteAsync($"INSERT INTO poa_api_tokens ({Columns}) VALUES (@id, @user, @name, @prefix, @hash, @created, @expires, NULL, NULL)", ct,
            ("id", token.Id), ("user", token.UserId), ("name", token.Name), ("prefix", token.Prefix), ("hash", token.SecretHash),
            ("created", token.CreatedAt), ("expires", token.ExpiresAt));
    }

    public async Task<ApiTokenRecord?> FindByPrefixAsync(string prefix, CancellationToken ct = default) =>
        (await _db.QueryAsync($"SELECT {Columns} FROM poa_api_tokens WHERE prefix = @prefix", Read, ct, ("prefix", prefix))).FirstOrDefault();

    /// <summary>The token with an id; null for an id that is none of ours.</summary>
    public async Task<ApiTokenRecord?> FindAsync(string id, CancellationToken ct = default) => Ids.IsId(id)
        ? (await _db.QueryAsync($"SELECT {Columns} FROM poa_api_tokens WHERE id = @id", Read, ct, ("id", id))).FirstOrDefault()
        : null;

    /// <summary>A user's tokens, newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenRecord>> ListAsync(string userId, CancellationToken ct = default) =>
        await _db.QueryAsync($"SELECT {Columns} FROM poa_api_tokens WHERE user_id = @user ORDER BY created_at DESC", Read, ct, ("user", userId));

    /// <summary>Revokes a token of a user; false when the user has no such token or it was revoked already.</summary>
    public async Task<bool> RevokeAsync(string id, string userId, DateTimeOffset at, CancellationToken ct = default) =>
        await _db.ExecuteAsync("UPDATE poa_api_tokens SET revoked_at = @at WHERE id = @id AND user_id = @user AND revoked_at IS NULL", ct,
            ("at", at), ("id", id), ("user", userId)) == 1;

    public Task TouchAsync(string id, DateTimeOffset at, CancellationToken ct = default) =>
        _db.ExecuteAsync("UPDATE poa_api_tokens SET last_used_at = @at WHERE id = @id", ct, ("at", at), ("id", id));

    private ApiTokenRecord Read(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
        _db.Time(r, 5), _db.Time(r, 6), _db.NullableTime(r, 7), _db.NullableTime(r, 8));
}
