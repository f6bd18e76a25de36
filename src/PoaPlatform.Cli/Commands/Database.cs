using System.CommandLine;
using System.Data.Common;
using PoaPlatform.Persistence;

namespace PoaPlatform.Cli.Commands;

/// <summary>How a command names the platform's database: <c>--connection</c> and <c>--provider</c>, or the embedded
/// default's SQLite file in <c>--data-dir</c> (the server's Storage:DataDirectory).</summary>
internal sealed class Database
{
    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = "ADO.NET connection string (PostgreSQL \"Host=...;Database=...\" or SQLite \"Data Source=...\"); default: the SQLite file in --data-dir.",
    };

    public Option<string?> Provider { get; } = new("--provider") { Description = "postgresql or sqlite; guessed from the connection string when left out." };

    public Option<string> DataDirectory { get; } = new("--data-dir")
    {
        Description = "The server's Storage:DataDirectory (dotnet run uses src/PoaPlatform.Server/data).",
        DefaultValueFactory = _ => "data",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Connection);
        command.Options.Add(Provider);
        command.Options.Add(DataDirectory);
    }

    /// <summary>The database the options name, as it is (not migrated), or null after writing one error line.</summary>
    public StorageTarget? Resolve(ParseResult result) => result.GetValue(Connection) is { Length: > 0 } connection
        ? ToTarget(connection, result.GetValue(Provider), result.InvocationConfiguration.Error)
        : StorageTarget.Sqlite(Path.Combine(result.GetRequiredValue(DataDirectory), "poa.db"));

    /// <summary>The migrated database the options name, or null after writing one error line.</summary>
    public async Task<StorageTarget?> OpenAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var error = result.InvocationConfiguration.Error;
        if (Resolve(result) is not { } target)
            return null;
        try
        {
            await Migrator.MigrateAsync(target, ct: cancellationToken);
            return target;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            error.WriteLine($"error: {target}: {e.Message}");
            error.WriteLine("hint: check that the database server is running and that the user may create tables.");
            return null;
        }
    }

    public static StorageTarget? ToTarget(string connectionString, string? provider, TextWriter error)
    {
        var kind = provider?.ToLowerInvariant() switch
        {
            "postgresql" or "postgres" or "npgsql" => StorageProvider.PostgreSql,
            "sqlite" => StorageProvider.Sqlite,
            null => connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? StorageProvider.PostgreSql : StorageProvider.Sqlite,
            _ => (StorageProvider?)null,
        };
        if (kind is null)
        {
            error.WriteLine($"error: unknown provider \"{provider}\"; use postgresql or sqlite.");
            return null;
        }
        try
        {
            return new StorageTarget(kind.Value, connectionString);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: the connection string is not valid: {e.Message}");
            return null;
        }
    }
}
