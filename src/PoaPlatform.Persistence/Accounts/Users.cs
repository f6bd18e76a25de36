using System.Data.Common;

namespace PoaPlatform.Persistence.Accounts;

/// <summary>A person's account. <see cref="Municipality"/> is empty for an operator of the whole deployment
/// (superadmin); <see cref="Department"/> is null for municipality-wide roles; <see cref="Role"/> is empty while an
/// account that came through single sign-on waits for an admin. <see cref="SecurityStamp"/> changes whenever the
/// password, the role or the active flag change: sessions and sockets issued before stop working.</summary>
public sealed record UserAccount(
    string Id,
    string Email,
    string DisplayName,
    string Municipality,
    string? Department,
    string Role,
    bool Active,
    string? PasswordHash,
    int FailedAttempts,
    DateTimeOffset? LockoutEnd,
    bool MustChangePassword,
    string SecurityStamp,
    string? ExternalSubject,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool IsLockedOut(DateTimeOffset now) => LockoutEnd is { } end && end > now;
}

/// <summary>Accounts (table <c>poa_users</c>). Emails are compared and stored in lower case.</summary>
public sealed class UserStore(StorageTarget target)
{
    private const string Columns = "id, email, display_name, municipality, department, role, active, password_hash, failed_attempts, " +
        "lockout_end, must_change_password, security_stamp, external_subject, created_at, updated_at";

    private readonly Db _db = new(target);

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public async Task<UserAccount?> FindByEmailAsync(string email, CancellationToken ct = default) =>
        (await _db.QueryAsync($"SELECT {Columns} FROM poa_users WHERE email = @email", Read, ct, ("email", Normalize(email)))).FirstOrDefault();

    /// <summary>The account with an id; null for an id that is none of ours (ids are 32 hexadecimal digits).</summary>
    public async Task<UserAccount?> FindByIdAsync(string id, CancellationToken ct = default) => Ids.IsId(id)
        ? (await _db.QueryAsync($"SELECT {Columns} FROM poa_users WHERE id = @id", Read, ct, ("id", id))).FirstOrDefault()
        : null;

    public async Task<UserAccount?> FindByExternalSubjectAsync(string subject, CancellationToken ct = default) =>
        (await _db.QueryAsync($"SELECT {Columns} FROM poa_users WHERE external_subject = @subject", Read, ct, ("subject", subject))).FirstOrDefault();

    /// <summary>The accounts of one municipality (all when null), by email.</summary>
    public async Task<IReadOnlyList<UserAccount>> ListAsync(string? municipality, CancellationToken ct = default) => municipality is null
        ? await _db.QueryAsync($"SELECT {Columns} FROM poa_users ORDER BY email", Read, ct)
        : await _db.QueryAsync($"SELECT {Columns} FROM poa_users WHERE municipality = @municipality ORDER BY email", Read, ct, ("municipality", municipality));

    public async Task<int> CountAsync(CancellationToken ct = default) =>
        (await _db.QueryAsync("SELECT COUNT(*) FROM poa_users", r => r.GetInt32(0), ct))[0];

    /// <summary>Adds an account; false when its email (or external subject) is taken.</summary>
    public async Task<bool> AddAsync(UserAccount user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        try
        {
            await _db.ExecuteAsync($"INSERT INTO poa_users ({Columns}) VALUES (@id, @email, @name, @municipality, @department, @role, @active, @hash, " +
                "@failed, @lockout, @mustChange, @stamp, @external, @created, @updated)", ct, Parameters(user with { Email = Normalize(user.Email) }));
            return true;
        }
        catch (DbException e) when (Db.IsDuplicate(e))
        {
            return false;
        }
    }

    /// <summary>Writes every field of an existing account.</summary>
    public async Task UpdateAsync(UserAccount user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await _db.ExecuteAsync("UPDATE poa_users SET email = @email, display_name = @name, municipality = @municipality, department = @department, " +
            "role = @role, active = @active, password_hash = @hash, failed_attempts = @failed, lockout_end = @lockout, " +
            "must_change_password = @mustChange, security_stamp = @stamp, external_subject = @external, updated_at = @updated WHERE id = @id",
            ct, Parameters(user with { Email = Normalize(user.Email) }));
    }

    private static (string, object?)[] Parameters(UserAccount u) =>
    [
        ("id", u.Id), ("email", u.Email), ("name", u.DisplayName), ("municipality", u.Municipality), ("department", u.Department),
        ("role", u.Role), ("active", u.Active), ("hash", u.PasswordHash), ("failed", u.FailedAttempts), ("lockout", u.LockoutEnd),
        ("mustChange", u.MustChangePassword), ("stamp", u.SecurityStamp), ("external", u.ExternalSubject), ("created", u.CreatedAt),
        ("updated", u.UpdatedAt),
    ];

    private UserAccount Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Db.NullableText(r, 4), r.GetString(5), _db.Flag(r, 6),
        Db.NullableText(r, 7), r.GetInt32(8), _db.NullableTime(r, 9), _db.Flag(r, 10), r.GetString(11), Db.NullableText(r, 12),
        _db.Time(r, 13), _db.Time(r, 14));
}
