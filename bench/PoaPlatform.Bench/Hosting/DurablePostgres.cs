using System.Diagnostics;
using Npgsql;
using PoaPlatform.Testing;

namespace PoaPlatform.Bench.Hosting;

/// <summary>
/// A throwaway PostgreSQL 15 cluster with PostgreSQL's default durability (fsync, synchronous_commit and
/// full_page_writes on), unlike the test cluster of <see cref="PostgresServer"/>, which turns them off for speed.
/// Commit rates measured here are what the machine can do durably. Runs as the <c>postgres</c> user when we are root.
/// </summary>
public sealed class DurablePostgres : IAsyncDisposable
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private readonly string _baseDirectory;
    private readonly string _dataDirectory;

    private DurablePostgres(string baseDirectory, int port)
    {
        _baseDirectory = baseDirectory;
        _dataDirectory = Path.Combine(baseDirectory, "data");
        Port = port;
    }

    public int Port { get; }

    /// <summary>Processor time of the cluster: the postmaster and its living backends and helpers.</summary>
    public TimeSpan ProcessorTime()
    {
        // postmaster.pid's first line is the postmaster's process id.
        var pid = int.Parse(File.ReadLines(Path.Combine(_dataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        return Measuring.ProcessorTime.OfTree(pid);
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        MaxPoolSize = 200,
    }.ConnectionString;

    public static async Task<DurablePostgres> StartAsync()
    {
        var baseDirectory = Path.Combine(Path.GetTempPath(), "poa-bench-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(baseDirectory);
        if (IsRoot)
            await RunAsync("chown", ["-R", "postgres:postgres", baseDirectory], asPostgres: false);
        var server = new DurablePostgres(baseDirectory, FreePort.Next());
        await RunAsync(Path.Combine(BinDirectory, "initdb"), ["-D", server._dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale"]);
        var options = $"-p {server.Port} -k {baseDirectory} -c listen_addresses=127.0.0.1 -c max_connections=300";
        await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", server._dataDirectory, "-l", Path.Combine(baseDirectory, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
        return server;
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // the name is ours, [a-z_] only
        command.CommandText = $"CREATE DATABASE {name}";
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The server's settings that decide durability, for the report.</summary>
    public async Task<string> DurabilitySettingsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync','synchronous_commit','full_page_writes','wal_sync_method','shared_buffers','server_version')";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", _dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]);
        }
        finally
        {
            Directory.Delete(_baseDirectory, recursive: true);
        }
    }

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a PostgreSQL tool (as <c>postgres</c> when root) and returns its output; throws when it fails.</summary>
    public static async Task<string> RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgres = true, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(asPostgres && IsRoot ? "runuser" : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres && IsRoot)
        {
            foreach (var a in (string[])["-u", "postgres", "--", fileName])
                info.ArgumentList.Add(a);
        }
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cts.Token);
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
        return output;
    }
}
