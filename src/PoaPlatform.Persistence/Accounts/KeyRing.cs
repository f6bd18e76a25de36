namespace PoaPlatform.Persistence.Accounts;

/// <summary>The DataProtection key ring (table <c>poa_dataprotection_keys</c>): XML elements by id.</summary>
public sealed class KeyRingStore(StorageTarget target)
{
    private readonly Db _db = new(target);

    public async Task<IReadOnlyList<string>> ReadAllAsync(CancellationToken ct = default) =>
        await _db.QueryAsync("SELECT xml FROM poa_dataprotection_keys ORDER BY created_at", r => r.GetString(0), ct);

    public async Task StoreAsync(string id, string xml, DateTimeOffset at, CancellationToken ct = default)
    {
        try
        {
            await _db.ExecuteAsync("INSERT INTO poa_dataprotection_keys (id, xml, created_at) VALUES (@id, @xml, @at)", ct, ("id", id), ("xml", xml), ("at", at));
        }
        catch (System.Data.Common.DbException e) when (Db.IsDuplicate(e))
        {
            await _db.ExecuteAsync("UPDATE poa_dataprotection_keys SET xml = @xml WHERE id = @id", ct, ("id", id), ("xml", xml));
        }
    }
}
