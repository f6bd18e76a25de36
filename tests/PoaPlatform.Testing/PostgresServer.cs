using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace PoaPlatform.Testing;

/// <summary>
/// A PostgreSQL server for tests, shared by every fixture of the test process.
/// <para>
/// If the environment variable <c>POA_TEST_POSTGRES</c> holds an admin connection string, that server is used.
/// Otherwise a throwaway cluster is created with <c>initdb</c> (trust auth, 127.0.0.1, a free port, the Unix socket
/// in its own temp directory) on first use, and stopped and deleted when the process exits. When running as root,
/// the cluster runs as the <c>postgres</c> user through <c>runuser</c>, since PostgreSQL refuses to run as root.
/// Clusters left behind by test processes that died without cleaning up are stopped and deleted on the next start.
/// </para>
/// </summary>
public sealed partial class PostgresServer
{
    /// <summary>Environment variable that names an existing server (admin connection string).</summary>
    public const string EnvironmentVariable = "POA_TEST_POSTGRES";

    private const string DirectoryPrefix = "poa-test-pg-";
    private const string OwnerFile = "owner.pid";

    private static readonly Lazy<PostgresServer> s_shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _baseDirectory;
    private readonly string? _dataDirectory;
    private readonly string? _pgCtl;
    private readonly bool _asPostgresUser;
    private int _stopped;

    private PostgresServer(string adminConnectionString, string? baseDirectory, string? dataDirectory, string? pgCtl, bool asPostgresUser)
    {
        AdminConnectionString = adminConnectionString;
        _baseDirectory = baseDirectory;
        _dataDirectory = dataDirectory;
        _pgCtl = pgCtl;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The server of this test process, started on first use (thread-safe).</summary>
    public static PostgresServer Shared => s_shared.Value;

    /// <summary>Connection string of the <c>postgres</c> maintenance database, as superuser.</summary>
    public string AdminConnectionString { get; }

    /// <summary>True when this process started (and will stop) the cluster; false when <c>POA_TEST_POSTGRES</c> is used.</summary>
    public bool IsOwned => _dataDirectory is not null;

    /// <summary>Creates a fresh, empty database named after <paramref name="prefix"/> and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var clean = NonIdentifier().Replace(prefix.ToLowerInvariant(), "_").Trim('_');
        if (clean.Length == 0)
        {
            clean = "db";
        }

        if (clean.Length > 40)
        {
            clean = clean[..40];
        }

        var name = $"{clean}_{Guid.NewGuid():N}"[..Math.Min(63, clean.Length + 33)];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // A database name cannot be a parameter; `name` is [a-z0-9_] only.
#pragma warning disable CA2100
            command.CommandText = $"CREATE DATABASE \"{name}\"";
#pragma warning restore CA2100
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Shorthand for <c>Shared.CreateDatabaseAsync(prefix)</c>.</summary>
    public static Task<string> CreateSharedDatabaseAsync(string prefix, CancellationToken cancellationToken = default) =>
        Shared.CreateDatabaseAsync(prefix, cancellationToken);

    private static PostgresServer Start()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new PostgresServer(fromEnvironment, null, null, null, false);
        }

        var initdb = FindTool("initdb") ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin. " +
            "Install them (Debian/Ubuntu: `apt-get install postgresql`), or set " + EnvironmentVariable +
            " to the admin connection string of an existing server.");
        var binDirectory = Path.GetDirectoryName(initdb)!;
        var pgCtl = Path.Combine(binDirectory, "pg_ctl");
        if (!File.Exists(pgCtl))
        {
            pgCtl = FindTool("pg_ctl") ?? throw new InvalidOperationException($"initdb found at {initdb} but no pg_ctl.");
        }

        var asPostgresUser = IsRoot();
        CleanUpLeftovers(pgCtl, asPostgresUser);

        var baseDirectory = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(baseDirectory);
        File.WriteAllText(Path.Combine(baseDirectory, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (asPostgresUser)
        {
            Run("chown", ["-R", "postgres:postgres", baseDirectory], asPostgresUser: false, TimeSpan.FromSeconds(30));
        }

        var dataDirectory = Path.Combine(baseDirectory, "data");
        Run(initdb, ["-D", dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"],
            asPostgresUser, TimeSpan.FromMinutes(2));

        Exception? lastError = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort.Next();
            var options = string.Join(' ',
                $"-p {port}", $"-k {baseDirectory}", "-c listen_addresses=127.0.0.1", "-c max_connections=300",
                "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off");
            try
            {
                Run(pgCtl, ["-D", dataDirectory, "-l", Path.Combine(baseDirectory, "server.log"), "-o", options, "-w", "-t", "60", "start"],
                    asPostgresUser, TimeSpan.FromSeconds(90));
            }
            catch (InvalidOperationException ex)
            {
                lastError = ex;
                continue;
            }

            var admin = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = port,
                Username = "postgres",
                Database = "postgres",
                Pooling = false,
                Timeout = 30,
            }.ConnectionString;
            var server = new PostgresServer(admin, baseDirectory, dataDirectory, pgCtl, asPostgresUser);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
            return server;
        }

        TryDelete(baseDirectory);
        throw new InvalidOperationException(
            $"Could not start a throwaway PostgreSQL cluster (see {Path.Combine(baseDirectory, "server.log")}).", lastError);
    }

    /// <summary>Stops the throwaway cluster immediately and deletes its files. Called at process exit; idempotent.</summary>
    public void Stop()
    {
        if (_dataDirectory is null || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        // The test host may be killed right after ProcessExit starts (vstest does), so waiting in-process for the
        // stop and deleting ~60 MB is not reliable: hand both to a detached shell (setsid -f: outside our process
        // tree). If that is impossible, do it in-process. Anything left is swept by the next run's leftover check.
        var stop = (_asPostgresUser ? "runuser -u postgres -- " : string.Empty)
                   + $"{Quote(_pgCtl!)} -D {Quote(_dataDirectory)} -m immediate -w -t 20 stop >/dev/null 2>&1; rm -rf {Quote(_baseDirectory!)}";
        try
        {
            var startInfo = new ProcessStartInfo("setsid") { UseShellExecute = false };
            foreach (var argument in (string[])["-f", "sh", "-c", stop])
            {
                startInfo.ArgumentList.Add(argument);
            }

            using var process = Process.Start(startInfo);
            process?.WaitForExit(2_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            StopCluster(_pgCtl!, _dataDirectory, _asPostgresUser);
            TryDelete(_baseDirectory!);
        }
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void StopCluster(string pgCtl, string dataDirectory, bool asPostgresUser)
    {
        if (!File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            return;
        }

        try
        {
            Run(pgCtl, ["-D", dataDirectory, "-m", "immediate", "-w", "-t", "20", "stop"], asPostgresUser, TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // Fall through: kill the postmaster by its pid.
        }

        KillPostmaster(dataDirectory);
    }

    private static void KillPostmaster(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        try
        {
            if (!File.Exists(pidFile))
            {
                return;
            }

            var firstLine = File.ReadLines(pidFile).FirstOrDefault();
            if (int.TryParse(firstLine, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            {
                using var process = Process.GetProcessById(pid);
                if (process.ProcessName.Contains("postgres", StringComparison.OrdinalIgnoreCase))
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidOperationException or UnauthorizedAccessException
                                       or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    /// <summary>Stops and deletes clusters whose owning test process no longer runs.</summary>
    private static void CleanUpLeftovers(string pgCtl, bool asPostgresUser)
    {
        string[] candidates;
        try
        {
            candidates = Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*");
        }
        catch (IOException)
        {
            return;
        }

        foreach (var directory in candidates)
        {
            try
            {
                var ownerFile = Path.Combine(directory, OwnerFile);
                if (File.Exists(ownerFile)
                    && int.TryParse(File.ReadAllText(ownerFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var owner)
                    && IsAlive(owner))
                {
                    continue;
                }

                StopCluster(pgCtl, Path.Combine(directory, "data"), asPostgresUser);
                TryDelete(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone else's; leave it.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort; the next run's leftover sweep retries.
        }
    }

    private static string? FindTool(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            return Directory.GetDirectories(debianRoot)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin", name))
                .FirstOrDefault(File.Exists);
        }

        return null;
    }

    private static bool IsRoot() =>
        OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? string.Equals(Environment.UserName, "root", StringComparison.Ordinal) : false;

    private static void Run(string fileName, IReadOnlyList<string> arguments, bool asPostgresUser, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo
        {
            FileName = asPostgresUser ? "runuser" : fileName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgresUser)
        {
            foreach (var a in (string[])["-u", "postgres", "--", fileName])
            {
                startInfo.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{fileName} timed out after {timeout}.");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string text;
            lock (output)
            {
                text = output.ToString();
            }

            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{text}");
        }
    }

    [GeneratedRegex("[^a-z0-9_]+")]
    private static partial Regex NonIdentifier();
}
