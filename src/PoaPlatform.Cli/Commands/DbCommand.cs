using System.CommandLine;
using System.Data.Common;
using PoaPlatform.Persistence;

namespace PoaPlatform.Cli.Commands;

/// <summary><c>poa db migrate --connection "..." [--provider postgresql|sqlite]</c>: applies the schema migrations.</summary>
internal static class DbCommand
{
    public static Command Create()
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
        return new Command("db", "Database administration.") { migrate };
    }
}
