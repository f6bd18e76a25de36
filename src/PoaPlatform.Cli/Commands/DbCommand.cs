using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using PoaPlatform.Persistence;
using PoaPlatform.Persistence.Copying;

namespace PoaPlatform.Cli.Commands;

/// <summary><c>poa db migrate|copy|backup|restore</c>: the schema, moving a city between databases, and SQLite backups.</summary>
internal static class DbCommand
{
    public static Command Create() => new("db", "Database administration.") { Migrate(), Copy(), Backup(), Restore() };

    private static Command Migrate()
    {
        var connection = new Option<string>("--connection")
        {
            Description = "ADO.NET connection string, e.g. \"Host=db;Database=poa;Username=poa;Password=...\" or \"Data Source=data/poa.db\".",
            Required = true,
        };
        var provider = new Option<string?>("--provider")
        {
            Description = "postgresql or sqlite; guessed from the connection string when left out.",
        };
        var migrate = new Command("migrate", "Create or upgrade the database schema (Orleans clustering and storage tables, audit table).") { connection, provider };
        migrate.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            if (Database.ToTarget(result.GetRequiredValue(connection), result.GetValue(provider), error) is not { } target)
                return 2;
            try
            {
                var applied = await Migrator.MigrateAsync(target, message => output.WriteLine(message), cancellationToken);
                output.WriteLine(applied.Count == 0
                    ? $"{target}: the schema is up to date."
                    : $"{target}: applied {applied.Count} migrations ({string.Join(", ", applied)}).");
                return 0;
            }
            catch (DbException e)
            {
                error.WriteLine($"error: {target}: {e.Message}");
                error.WriteLine("hint: check that the database server is running and that the user may create tables.");
                return 2;
            }
        });
        return migrate;
    }

    private static Command Copy()
    {
        var from = new Option<string>("--from") { Description = "Connection string of the database to copy from (\"Data Source=data/poa.db\" or \"Host=...;Database=...\").", Required = true };
        var to = new Option<string>("--to") { Description = "Connection string of the database to copy into; migrated first, must be empty unless --replace.", Required = true };
        var fromProvider = new Option<string?>("--from-provider") { Description = "postgresql or sqlite; guessed from --from when left out." };
        var toProvider = new Option<string?>("--to-provider") { Description = "postgresql or sqlite; guessed from --to when left out." };
        var replace = new Option<bool>("--replace") { Description = "The target holds data: delete it from the copied tables and replace it with the source's." };
        var copy = new Command("copy", "Copy every grain's state, the audit trail, accounts, tokens, keys, municipalities and comments to another database (SQLite or PostgreSQL), then verify row counts and checksums.")
        {
            from, to, fromProvider, toProvider, replace,
        };
        copy.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            if (Database.ToTarget(result.GetRequiredValue(from), result.GetValue(fromProvider), error) is not { } source
                || Database.ToTarget(result.GetRequiredValue(to), result.GetValue(toProvider), error) is not { } target)
                return 2;
            var clock = Stopwatch.StartNew();
            var databaseCopy = new DatabaseCopy(source, target, output.WriteLine);
            try
            {
                output.WriteLine($"copying {source} -> {target}");
                var copied = await databaseCopy.CopyAsync(result.GetValue(replace), cancellationToken);
                output.WriteLine($"copied {copied.Sum(c => c.Rows):N0} rows in {copied.Count} tables ({clock.Elapsed.TotalSeconds:F1} s); verifying");
                var checks = await databaseCopy.VerifyAsync(cancellationToken);
                foreach (var check in checks)
                {
                    output.WriteLine(check.IsEqual
                        ? $"verified {check.Source.Table}: {check.Source.Rows:N0} rows, checksum {check.Source.Checksum[..16]} on both sides"
                        : $"MISMATCH {check.Source.Table}: source {check.Source.Rows:N0} rows {check.Source.Checksum[..16]}, target {check.Target.Rows:N0} rows {check.Target.Checksum[..16]}");
                }
                if (checks.Any(c => !c.IsEqual))
                {
                    error.WriteLine("error: the target differs from the source after the copy; did a server write to the source meanwhile? Stop every server on it and copy again with --replace.");
                    return 1;
                }
                output.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s: the target holds what the source holds. Start the servers on it with the source's Cluster:ServiceId; " +
                    "the membership tables were not copied (the new silos register themselves).");
                return 0;
            }
            catch (CopyRefusedException e)
            {
                error.WriteLine($"error: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is DbException or ArgumentException or InvalidOperationException or IOException)
            {
                error.WriteLine($"error: copying {source} -> {target}: {e.Message}");
                error.WriteLine("hint: check both connection strings and that both database servers run; the target was left as it was.");
                return 2;
            }
        });
        return copy;
    }

    private static Command Backup()
    {
        var database = new Database();
        var file = new Option<string>("--output") { Description = "The backup file to write (it must not exist).", Required = true };
        var backup = new Command("backup", "Back up the embedded SQLite database while the server runs (SQLite's online backup API: a consistent copy).") { file };
        database.AddTo(backup);
        backup.SetAction(async (result, cancellationToken) =>
        {
            if (database.Resolve(result) is not { } target)
                return 2;
            return await RunAsync(result, async () =>
            {
                var clock = Stopwatch.StartNew();
                var summary = await SqliteBackup.BackupAsync(target, result.GetRequiredValue(file), cancellationToken);
                result.InvocationConfiguration.Output.WriteLine($"backed up {target.SqliteFilePath} to {summary.File}: {summary.Bytes:N0} bytes, " +
                    $"{summary.GrainStates:N0} grain states, {summary.AuditEntries:N0} audit entries, schema {summary.Schema}, integrity ok ({clock.Elapsed.TotalSeconds:F1} s)");
            });
        });
        return backup;
    }

    private static Command Restore()
    {
        var database = new Database();
        var file = new Option<string>("--input") { Description = "The backup file written by poa db backup.", Required = true };
        var replace = new Option<bool>("--replace") { Description = "The database holds data: overwrite it (stop every server using it first)." };
        var restore = new Command("restore", "Restore a backup into the embedded SQLite database (an empty data directory unless --replace).") { file, replace };
        database.AddTo(restore);
        restore.SetAction(async (result, cancellationToken) =>
        {
            if (database.Resolve(result) is not { } target)
                return 2;
            return await RunAsync(result, async () =>
            {
                var summary = await SqliteBackup.RestoreAsync(result.GetRequiredValue(file), target, result.GetValue(replace), cancellationToken);
                result.InvocationConfiguration.Output.WriteLine($"restored {Path.GetFullPath(result.GetRequiredValue(file))} into {summary.File}: " +
                    $"{summary.GrainStates:N0} grain states, {summary.AuditEntries:N0} audit entries, schema {summary.Schema}, integrity ok");
            });
        });
        return restore;
    }

    private static async Task<int> RunAsync(ParseResult result, Func<Task> work)
    {
        var error = result.InvocationConfiguration.Error;
        try
        {
            await work();
            return 0;
        }
        catch (CopyRefusedException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is DbException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
