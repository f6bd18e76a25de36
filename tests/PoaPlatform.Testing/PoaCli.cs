using System.Diagnostics;

namespace PoaPlatform.Testing;

/// <summary>The built `poa` command as a child process, for tests that drive it next to running servers.</summary>
public static class PoaCli
{
    /// <summary>What one run printed and returned.</summary>
    public sealed record Result(int ExitCode, string Output, string Error, TimeSpan Elapsed);

    public static async Task<Result> RunAsync(params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var assembly = RepositoryPaths.CliAssembly;
        if (!File.Exists(assembly))
            throw new FileNotFoundException($"poa is not built at {assembly}; build the solution first.", assembly);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(assembly);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"poa {string.Join(' ', args)} did not finish in 2 minutes.");
        }
        return new Result(process.ExitCode, await output, await error, clock.Elapsed);
    }
}
