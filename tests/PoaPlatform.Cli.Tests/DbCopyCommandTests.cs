using PoaPlatform.Testing;

namespace PoaPlatform.Cli.Tests;

/// <summary><c>poa db copy</c>, <c>backup</c> and <c>restore</c> as an operator runs them, and what they refuse.</summary>
public sealed class DbCopyCommandTests : IDisposable
{
    private readonly TemporaryDirectory _root = new("poa-copy-cli-");

    [Fact]
    public void ACopyShowsEveryTableAndItsVerificationAndRefusesATargetThatHoldsDataUnlessReplace()
    {
        var source = Filled("source");

        var copied = PoaProcess.Run("db", "copy", "--from", $"Data Source={source}", "--to", $"Data Source={Path.Combine(_root.Path, "target", "poa.db")}");
        var again = PoaProcess.Run("db", "copy", "--from", $"Data Source={source}", "--to", $"Data Source={Path.Combine(_root.Path, "target", "poa.db")}");
        var replaced = PoaProcess.Run("db", "copy", "--from", $"Data Source={source}", "--to", $"Data Source={Path.Combine(_root.Path, "target", "poa.db")}", "--replace");

        Assert.Equal(0, copied.ExitCode);
        Assert.Contains("poa_municipalities: 1 rows copied", copied.Output, StringComparison.Ordinal);
        Assert.Equal(12, copied.Output.Split('\n').Count(l => l.StartsWith("verified ", StringComparison.Ordinal)));
        Assert.Matches(@"verified poa_users: 1 rows, checksum [0-9a-f]{16} on both sides", copied.Output);
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("error: Sqlite: ", again.Error, StringComparison.Ordinal);
        Assert.Contains("holds data already: poa_municipalities (1 rows), poa_years (1 rows), poa_users (1 rows)", again.Error, StringComparison.Ordinal);
        Assert.Contains("add --replace", again.Error, StringComparison.Ordinal);
        Assert.Equal(0, replaced.ExitCode);
        Assert.Contains("target: deleted what it held in", replaced.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInputIsOneErrorLineWithExitCodeTwo()
    {
        var source = Filled("source");
        var target = $"Data Source={Path.Combine(_root.Path, "t", "poa.db")}";

        var provider = PoaProcess.Run("db", "copy", "--from", $"Data Source={source}", "--to", target, "--to-provider", "oracle");
        var missing = PoaProcess.Run("db", "copy", "--from", $"Data Source={Path.Combine(_root.Path, "nothing", "poa.db")}", "--to", target);
        var same = PoaProcess.Run("db", "copy", "--from", $"Data Source={source}", "--to", $"Data Source={Path.Combine(_root.Path, "source", "..", "source", "poa.db")};Pooling=False");
        var usage = PoaProcess.Run("db", "copy", "--from", $"Data Source={source}");

        Assert.Equal((2, "error: unknown provider \"oracle\"; use postgresql or sqlite."), (provider.ExitCode, provider.Error.Trim()));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("there is no database file", missing.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "nothing")), "a missing source must not be created");
        Assert.Equal(2, same.ExitCode);
        Assert.Contains("the same database", same.Error, StringComparison.Ordinal);
        Assert.Equal(2, usage.ExitCode);
        Assert.All([provider, missing, same], r => Assert.DoesNotContain("   at ", r.Error, StringComparison.Ordinal));
    }

    [Fact]
    public void ABackupRestoresIntoAnEmptyDataDirectoryAndNeitherOverwritesWhatExists()
    {
        Filled("live");
        var backupFile = Path.Combine(_root.Path, "backups", "poa.bak");
        var damaged = Path.Combine(_root.Path, "damaged.bak");
        File.WriteAllText(damaged, "not a database");

        var backup = PoaProcess.Run("db", "backup", "--data-dir", Path.Combine(_root.Path, "live"), "--output", backupFile);
        var overwrite = PoaProcess.Run("db", "backup", "--data-dir", Path.Combine(_root.Path, "live"), "--output", backupFile);
        var restored = PoaProcess.Run("db", "restore", "--input", backupFile, "--data-dir", Path.Combine(_root.Path, "restored"));
        var list = PoaProcess.Run("municipality", "list", "--data-dir", Path.Combine(_root.Path, "restored"));
        var intoData = PoaProcess.Run("db", "restore", "--input", backupFile, "--data-dir", Path.Combine(_root.Path, "live"));
        var replaced = PoaProcess.Run("db", "restore", "--input", backupFile, "--data-dir", Path.Combine(_root.Path, "live"), "--replace");
        var notADatabase = PoaProcess.Run("db", "restore", "--input", damaged, "--data-dir", Path.Combine(_root.Path, "other"));
        var postgres = PoaProcess.Run("db", "backup", "--connection", "Host=127.0.0.1;Database=poa;Username=poa", "--output", Path.Combine(_root.Path, "pg.bak"));

        Assert.Equal(0, backup.ExitCode);
        Assert.Matches(@"backed up .*poa\.db to .*poa\.bak: [0-9,]+ bytes, 0 grain states, 0 audit entries, schema 0009_state_apart, integrity ok", backup.Output);
        Assert.Equal(2, overwrite.ExitCode);
        Assert.Contains("exists already", overwrite.Error, StringComparison.Ordinal);
        Assert.Equal(0, restored.ExitCode);
        Assert.Equal("zacatecas\tZacatecas\tZacatecas\t32056\t2021", list.Output.Trim());
        Assert.Equal(2, intoData.ExitCode);
        Assert.Contains("holds data already", intoData.Error, StringComparison.Ordinal);
        Assert.Equal(0, replaced.ExitCode);
        Assert.Equal(2, notADatabase.ExitCode);
        Assert.StartsWith("error: ", notADatabase.Error, StringComparison.Ordinal);
        Assert.Equal(2, postgres.ExitCode);
        Assert.Contains("pg_dump", postgres.Error, StringComparison.Ordinal);
        Assert.All([overwrite, intoData, notADatabase, postgres], r => Assert.DoesNotContain("   at ", r.Error, StringComparison.Ordinal));
    }

    /// <summary>A data directory with a municipality, its year and a user; returns its database file.</summary>
    private string Filled(string name)
    {
        var data = Path.Combine(_root.Path, name);
        Assert.Equal(0, PoaProcess.Run("municipality", "add", "zacatecas", "--name", "Zacatecas", "--state", "Zacatecas", "--inegi", "32056", "--year", "2021", "--data-dir", data).ExitCode);
        Assert.Equal(0, PoaProcess.Run("user", "add", "ana@zacatecas.gob.mx", "--municipality", "zacatecas", "--role", "viewer", "--data-dir", data).ExitCode);
        return Path.Combine(data, "poa.db");
    }

    public void Dispose() => _root.Dispose();
}
