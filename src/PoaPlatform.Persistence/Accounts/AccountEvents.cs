namespace PoaPlatform.Persistence.Accounts;

/// <summary>Something that happened to an account: a sign-in, a failed one, a lockout, a change by an admin.</summary>
public sealed record AccountEvent(DateTimeOffset AtUtc, string Municipality, string Email, string Event, string ClientAddress, string Detail);

/// <summary>The account events of the audit trail (table <c>poa_account_events</c>), append-only.</summary>
public sealed class AccountEventStore(StorageTarget target)
{
    private readonly Db _db = new(target);

    public Task AppendAsync(AccountEvent e, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        return _db.ExecuteAsync("INSERT INTO poa_account_events (at_utc, municipality, email, event, client_address, detail) " +
            "VALUES (@at, @municipality, @email, @event, @address, @detail)", ct,
            ("at", e.AtUtc), ("municipality", e.Municipality), ("email", e.Email), ("event", e.Event), ("address", e.ClientAddress), ("detail", e.Detail));
    }

    /// <summary>The newest events of a municipality (all when null), at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AccountEvent>> ReadAsync(string? municipality, int limit, CancellationToken ct = default) => municipality is null
        ? await _db.QueryAsync("SELECT at_utc, municipality, email, event, client_address, detail FROM poa_account_events ORDER BY at_utc DESC, id DESC LIMIT @limit",
            r => new AccountEvent(_db.Time(r, 0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5)), ct, ("limit", limit))
        : await _db.QueryAsync("SELECT at_utc, municipality, email, event, client_address, detail FROM poa_account_events WHERE municipality = @municipality " +
            "ORDER BY at_utc DESC, id DESC LIMIT @limit",
            r => new AccountEvent(_db.Time(r, 0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5)), ct,
            ("municipality", municipality), ("limit", limit));
}
