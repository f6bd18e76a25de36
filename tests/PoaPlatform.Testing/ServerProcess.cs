using System.Diagnostics;
using System.Text;

namespace PoaPlatform.Testing;

/// <summary>The real server as a child process on its own ports: for tests that need real sockets (browsers,
/// several silos, killing a process). Its output is kept for the failure message.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly OutputTail _output = new();

    private ServerProcess(Process process, int httpPort, int siloPort, int gatewayPort)
    {
        _process = process;
        HttpPort = httpPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
        _output.Follow(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => _output.ToString();

    /// <summary>Starts the built server with these settings (as `--Key=Value` arguments) on free ports and waits until
    /// /health/ready answers 200. <paramref name="assembly"/> and <paramref name="workingDirectory"/> default to the
    /// solution's build output, started from its own folder.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan? timeout = null,
        string? assembly = null, string? workingDirectory = null)
    {
        var ports = FreePort.Next(3);
        var info = StartInfo(assembly, workingDirectory, settings, ports);
        var server = new ServerProcess(Process.Start(info)!, ports[0], ports[1], ports[2]);
        await server.WaitUntilReadyAsync(timeout ?? TimeSpan.FromSeconds(90));
        return server;
    }

    /// <summary>Runs the built server with these settings until it exits by itself (a start it refuses): its exit code,
    /// standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunUntilExitAsync(IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var info = StartInfo(null, null, settings, FreePort.Next(3));
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The server was still running after {timeout}:\n{await output}\n{await error}");
        }
        return (process.ExitCode, await output, await error);
    }

    /// <summary>How the built server is started: these settings as `--Key=Value` arguments, the ports (HTTP, silo,
    /// gateway) given, production environment, both output streams redirected. Also what the benchmarks start.</summary>
    public static ProcessStartInfo StartInfo(string? assembly, string? workingDirectory, IReadOnlyDictionary<string, string> settings, int[] ports)
    {
        assembly ??= RepositoryPaths.ServerAssembly;
        if (!File.Exists(assembly))
            throw new FileNotFoundException($"The server is not built at {assembly}; build the solution first (dotnet build PoaPlatform.sln).");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(assembly);
        info.ArgumentList.Add($"--urls=http://127.0.0.1:{ports[0]}");
        info.ArgumentList.Add($"--Cluster:SiloPort={ports[1]}");
        info.ArgumentList.Add($"--Cluster:GatewayPort={ports[2]}");
        foreach (var (key, value) in settings)
            info.ArgumentList.Add($"--{key}={value}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return info;
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before it was ready:\n{Output}");
            try
            {
                if ((await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The server was not ready within {timeout}:\n{Output}");
    }

    /// <summary>SIGKILL: the process dies at once, as on a node failure.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
    }

    /// <summary>SIGTERM, as Kubernetes sends before removing a pod, then waits for the graceful shutdown.</summary>
    public async Task StopGracefullyAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
            return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        var id = _process.Id;
        _process.Dispose();
        DeleteRuntimeFiles(id);
    }

    /// <summary>A .NET process deletes its diagnostics socket and debugger pipes in the temp folder when it exits, but
    /// not when it is killed: those of a killed server are deleted here, so that test runs do not pile them up.</summary>
    private static void DeleteRuntimeFiles(int processId)
    {
        foreach (var pattern in (string[])[$"clr-debug-pipe-{processId}-*", $"dotnet-diagnostic-{processId}-*"])
        {
            try
            {
                foreach (var file in Directory.EnumerateFiles(Path.GetTempPath(), pattern))
                    File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: they are empty.
            }
        }
    }
}
