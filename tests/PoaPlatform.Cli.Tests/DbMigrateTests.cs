using Npgsql;
using PoaPlatform.Testing;

namespace PoaPlatform.Cli.Tests;

public class DbMigrateTests
{
    [Fact]
    public void MigrateCreatesTheSqliteSchemaAndASecondRunFindsItUpToDate()
    {
        using var folder = new TemporaryDirectory("poa-cli-");
        var database = Path.Combine(folder.Path, "sub", "poa.db");

        var first = PoaProcess.Run("db", "migrate", "--connection", $"Data Source={database}");
        var second = PoaProcess.Run("db", "migrate", "--connection", $"Data Source={database}", "--provider", "sqlite");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("applied 9 migrations (0001_orleans_clustering, 0002_orleans_persistence, 0003_audit, 0004_identity, 0005_comments, 0006_evidence, 0007_state_storage, 0008_state_fillfactor, 0009_state_apart)", first.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(database));
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("the schema is up to date", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateCreatesThePostgresTablesTheOrleansProvidersRead()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync("cli_migrate");

        var result = PoaProcess.Run("db", "migrate", "--connection", connection);

        Assert.Equal(0, result.ExitCode);
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansquery WHERE querykey IN ('WriteToStorageKey', 'MembershipReadAllKey')", db);
        Assert.Equal(2L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public void AnUnreachableServerIsOneErrorLineWithExitCodeTwo()
    {
        var result = PoaProcess.Run("db", "migrate", "--connection", $"Host=127.0.0.1;Port={FreePort.Next()};Database=poa;Username=poa;Timeout=3");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: PostgreSql:", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
