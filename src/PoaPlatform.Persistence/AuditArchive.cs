using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace PoaPlatform.Persistence;

/// <summary>The key of one audit entry: (action, version, sequence).</summary>
public readonly record struct AuditEntryKey(string ActionKey, long Version, int Sequence);

/// <summary>
/// The audit trail of one fiscal year, for archiving: read in key order (so an archive is the same file twice) and
/// deleted entry by entry, exactly the entries that were archived — never by a time or a pattern, so an entry that
/// arrives while the archive is written stays.
/// </summary>
public sealed class AuditArchive(StorageTarget target)
{
    private const int DeleteBatch = 1_000;

    /// <summary>How many entries the year has (of one municipality, or of all).</summary>
    public async Task<long> CountAsync(int year, string? municipality, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM poa_audit WHERE " + YearCondition(command, year, municipality);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>The year's entries (of one municipality, or of all) in key order, streamed.</summary>
    public async IAsyncEnumerable<AuditRecord> ReadAsync(int year, string? municipality, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AuditSql.Columns} FROM poa_audit WHERE {YearCondition(command, year, municipality)} ORDER BY action_key, version, seq";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var readTime = AuditStores.TimeReader(target.Provider);
        while (await reader.ReadAsync(ct))
            yield return AuditSql.Read(reader, readTime);
    }

    /// <summary>Deletes these entries in one transaction; returns how many were there.</summary>
    public async Task<long> DeleteAsync(IReadOnlyList<AuditEntryKey> keys, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM poa_audit WHERE action_key = @action AND version = @version AND seq = @seq";
        var action = Parameter(command, "action", "");
        var version = Parameter(command, "version", 0L);
        var sequence = Parameter(command, "seq", 0);
        await command.PrepareAsync(ct);
        long deleted = 0;
        for (var i = 0; i < keys.Count; i++)
        {
            (action.Value, version.Value, sequence.Value) = (keys[i].ActionKey, keys[i].Version, keys[i].Sequence);
            deleted += await command.ExecuteNonQueryAsync(ct);
            if ((i + 1) % DeleteBatch == 0)
                progress?.Report(i + 1);
        }
        await transaction.CommitAsync(ct);
        return deleted;
    }

    // A POA's key is "municipality/year"; slugs have no '/', so the year is what follows the only one.
    private static string YearCondition(DbCommand command, int year, string? municipality)
    {
        var suffix = "/" + year.ToString(CultureInfo.InvariantCulture);
        if (municipality is not null)
        {
            AuditSql.Add(command, "poa", municipality + suffix);
            return "poa_key = @poa";
        }
        AuditSql.Add(command, "suffix", "%" + suffix);
        return "poa_key LIKE @suffix";
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = (name, value);
        command.Parameters.Add(parameter);
        return parameter;
    }
}
