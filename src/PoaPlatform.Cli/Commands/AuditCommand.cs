using System.CommandLine;
using System.Globalization;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Model;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Persistence;

namespace PoaPlatform.Cli.Commands;

/// <summary><c>poa audit archive --year Y --output FILE [--prune]</c>: writes a closed year's audit trail to a CSV or
/// XLSX file and, when asked, then removes exactly the entries written from the database.</summary>
internal static class AuditCommand
{
    private const int ProgressEvery = 10_000;

    private static readonly string[] s_header =
        ["action", "department", "poa", "version", "sequence", "atUtc", "user", "userDepartment", "command", "field", "oldValue", "newValue"];

    public static Command Create()
    {
        var database = new Database();
        var year = new Option<int>("--year") { Description = "The fiscal year whose audit trail is archived.", Required = true };
        var municipality = new Option<string?>("--municipality") { Description = "Only this municipality's (its slug); default: every municipality's." };
        var output = new Option<FileInfo>("--output") { Description = "The archive: .csv (UTF-8) or .xlsx. Must not exist.", Required = true };
        var prune = new Option<bool>("--prune")
        {
            Description = "After the archive is written and its entry count checked, delete those entries from the database. " +
                "Refused for the current year and later ones: the open year's audit is never dropped.",
        };
        var archive = new Command("archive", "Archive a year's audit trail to a file, and optionally prune it from the database.") { year, municipality, output, prune };
        database.AddTo(archive);
        archive.SetAction(async (result, cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            var console = result.InvocationConfiguration.Output;
            var fiscalYear = result.GetRequiredValue(year);
            var file = result.GetRequiredValue(output);
            var only = result.GetValue(municipality) is { Length: > 0 } slug ? Slugs.From(slug) : null;
            var format = file.Extension.ToLowerInvariant();
            if (PoaRules.Year(fiscalYear) is { } violation)
                return Fail(error, violation.Message);
            if (format is not (".csv" or ".xlsx"))
                return Fail(error, $"{file.Name}: the archive is a .csv or an .xlsx file; name it so.");
            if (file.Exists)
                return Fail(error, $"{file.FullName} exists already; an archive is never overwritten. Choose another name or move the old file.");
            var currentYear = DateTime.UtcNow.Year;
            if (result.GetValue(prune) && fiscalYear >= currentYear)
            {
                return Fail(error, $"{fiscalYear} is not closed (the current year is {currentYear}): its audit trail is kept. " +
                    "Archive it without --prune, or prune it once the year is over.");
            }
            if (await database.OpenAsync(result, cancellationToken) is not { } target)
                return 2;

            var store = new AuditArchive(target);
            var scope = only is null ? $"every municipality's {fiscalYear}" : $"{only}/{fiscalYear}";
            var expected = await store.CountAsync(fiscalYear, only, cancellationToken);
            console.WriteLine($"{target}: {expected.ToString("N0", CultureInfo.InvariantCulture)} audit entries of {scope}.");
            var keys = new List<AuditEntryKey>();
            var partial = file.FullName + ".partial";
            try
            {
                await using (var stream = File.Create(partial))
                {
                    var rows = Rows(store.ReadAsync(fiscalYear, only, cancellationToken), keys, console, expected);
                    if (format == ".csv")
                        await WriteCsvAsync(stream, rows, cancellationToken);
                    else
                        PoaXlsx.WriteTable(stream, $"Bitácora {fiscalYear}", s_header, rows.ToBlockingEnumerable(cancellationToken));
                    await stream.FlushAsync(cancellationToken);
                    stream.Flush(flushToDisk: true);
                }
                File.Move(partial, file.FullName);
            }
            finally
            {
                File.Delete(partial);
            }
            console.WriteLine($"wrote {keys.Count.ToString("N0", CultureInfo.InvariantCulture)} entries to {file.FullName}");
            if (!result.GetValue(prune))
                return 0;
            if (keys.Count != expected)
            {
                // Entries came or went while the file was written: the file is right, but say so before deleting anything.
                console.WriteLine($"note: the year had {expected} entries when counted and {keys.Count} when written; only the written ones are pruned.");
            }
            var deleted = await store.DeleteAsync(keys, new Progress<long>(n => console.WriteLine($"pruned {n.ToString("N0", CultureInfo.InvariantCulture)} …")), cancellationToken);
            console.WriteLine($"pruned {deleted.ToString("N0", CultureInfo.InvariantCulture)} entries of {scope} from {target}");
            return 0;
        });
        return new Command("audit", "The audit trail: archiving closed years.") { archive };
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return 2;
    }

    /// <summary>Each entry as a row (text or numbers), remembering its key and telling progress.</summary>
    private static async IAsyncEnumerable<IReadOnlyList<object>> Rows(IAsyncEnumerable<AuditRecord> records, List<AuditEntryKey> keys, TextWriter console, long expected)
    {
        await foreach (var r in records)
        {
            keys.Add(new AuditEntryKey(r.ActionKey, r.Version, r.Sequence));
            if (keys.Count % ProgressEvery == 0)
                console.WriteLine($"{keys.Count.ToString("N0", CultureInfo.InvariantCulture)} of {expected.ToString("N0", CultureInfo.InvariantCulture)} …");
            yield return
            [
                r.ActionKey, r.DepartmentKey, r.PoaKey, (decimal)r.Version, (decimal)r.Sequence,
                r.AtUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
                r.User, r.UserDepartment, r.Command, r.Field, r.OldValue ?? "", r.NewValue ?? "",
            ];
        }
    }

    private static async Task WriteCsvAsync(Stream stream, IAsyncEnumerable<IReadOnlyList<object>> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(stream, PoaCsv.Encoding, leaveOpen: true);
        PoaCsv.WriteRow(writer, s_header);
        await foreach (var row in rows.WithCancellation(ct))
        {
            PoaCsv.WriteRow(writer, [.. row.Select(c => c is decimal n
                ? n.ToString(CultureInfo.InvariantCulture)
                : FormulaGuard.Neutralise((string)c))]);
        }
    }
}
