namespace PoaPlatform.Persistence.Accounts;

/// <summary>A municipality served by this deployment, and the fiscal years opened for it.</summary>
public sealed record Municipality(string Slug, string Name, string State, string InegiCode, IReadOnlyList<int> Years);

/// <summary>Municipalities and their years (tables <c>poa_municipalities</c>, <c>poa_years</c>).</summary>
public sealed class MunicipalityStore(StorageTarget target)
{
    private readonly Db _db = new(target);

    /// <summary>Every municipality with its years, in slug order.</summary>
    public async Task<IReadOnlyList<Municipality>> ListAsync(CancellationToken ct = default)
    {
        var years = await _db.QueryAsync("SELECT municipality, year FROM poa_years ORDER BY municipality, year",
            r => (Municipality: r.GetString(0), Year: r.GetInt32(1)), ct);
        var byMunicipality = years.GroupBy(y => y.Municipality).ToDictionary(g => g.Key, g => g.Select(y => y.Year).ToArray(), StringComparer.Ordinal);
        return await _db.QueryAsync("SELECT slug, name, state, inegi_code FROM poa_municipalities ORDER BY slug",
            r => new Municipality(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                byMunicipality.GetValueOrDefault(r.GetString(0)) ?? []), ct);
    }

    /// <summary>Adds a municipality; false when its slug exists already.</summary>
    public async Task<bool> AddAsync(string slug, string name, string state, string inegiCode, DateTimeOffset at, CancellationToken ct = default)
    {
        try
        {
            await _db.ExecuteAsync("INSERT INTO poa_municipalities (slug, name, state, inegi_code, created_at) VALUES (@slug, @name, @state, @inegi, @at)", ct,
                ("slug", slug), ("name", name), ("state", state), ("inegi", inegiCode), ("at", at));
            return true;
        }
        catch (System.Data.Common.DbException e) when (Db.IsDuplicate(e))
        {
            return false;
        }
    }

    /// <summary>Opens a year of a municipality; false when it is open already.</summary>
    public async Task<bool> OpenYearAsync(string municipality, int year, string openedBy, DateTimeOffset at, CancellationToken ct = default)
    {
        try
        {
            await _db.ExecuteAsync("INSERT INTO poa_years (municipality, year, opened_at, opened_by) VALUES (@municipality, @year, @at, @by)", ct,
                ("municipality", municipality), ("year", year), ("at", at), ("by", openedBy));
            return true;
        }
        catch (System.Data.Common.DbException e) when (Db.IsDuplicate(e))
        {
            return false;
        }
    }
}
