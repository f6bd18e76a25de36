using System.Diagnostics;
using System.Text;
using PoaPlatform.Testing;

namespace PoaPlatform.Bench.Hosting;

/// <summary>
/// The built server as a child process, started as <see cref="ServerProcess"/> starts it (same arguments, same
/// environment), but timed: the Stopwatch timestamp just before <c>Process.Start</c> and when <c>/health/ready</c> first
/// answered 200, polled every 10 ms (ServerProcess polls every 250 ms, too coarse for a cold start).
/// </summary>
public sealed class BenchProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly OutputTail _output = new();

    private BenchProcess(Process process, long startedAt, int[] ports)
    {
        _process = process;
        StartedAt = startedAt;
        BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}");
        GatewayPort = ports[2];
        _output.Follow(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public int GatewayPort { get; }

    public int Id => _process.Id;

    /// <summary>Stopwatch timestamp taken just before the process was started.</summary>
    public long StartedAt { get; }

    /// <summary>Stopwatch timestamp of the first 200 from <c>/health/ready</c>.</summary>
    public long ReadyAt { get; private set; }

    public string Output => _output.ToString();

    public static async Task<BenchProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var assembly = RepositoryPaths.ServerAssembly;
        var ports = FreePort.Next(3);
        var info = ServerProcess.StartInfo(assembly, null, settings, ports);
        var startedAt = Stopwatch.GetTimestamp();
        var server = new BenchProcess(Process.Start(info)!, startedAt, ports);
        try
        {
            await server.WaitUntilReadyAsync(timeout);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before it was ready:\n{Output}");
            try
            {
                using var answer = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (answer.IsSuccessStatusCode)
                {
                    ReadyAt = Stopwatch.GetTimestamp();
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"The server was not ready within {timeout}:\n{Output}");
    }

    /// <summary>SIGTERM and the graceful shutdown (silo leaves, grains deactivate); SIGKILL if it takes longer than
    /// <paramref name="timeout"/>. Returns how long the process took to exit and whether it had to be killed.</summary>
    public async Task<(TimeSpan Elapsed, bool Killed)> StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
            return (TimeSpan.Zero, false);
        var watch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return (watch.Elapsed, false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return (watch.Elapsed, true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
