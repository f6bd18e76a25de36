using System.Diagnostics;
using System.Text;

namespace PoaPlatform.Cli.Tests;

/// <summary>Runs the built poa.dll with `dotnet`, as a user would, and captures what it prints.</summary>
internal static class PoaProcess
{
    public sealed record Result(int ExitCode, string Output, string Error, byte[] OutputBytes);

    private static readonly Lazy<string> PoaDll = new(FindPoaDll);

    public static Result Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(PoaDll.Value);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"poa {string.Join(' ', args)} did not finish in 60 s.");
        }
        copy.Wait();
        var bytes = output.ToArray();
        return new Result(process.ExitCode, Encoding.UTF8.GetString(bytes), error.Result, bytes);
    }

    // The CLI's own output folder, same configuration as these tests (bin/<Configuration>/net10.0).
    private static string FindPoaDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "PoaPlatform.sln")))
            root = root.Parent;
        if (root is null)
            throw new InvalidOperationException($"PoaPlatform.sln not found above {AppContext.BaseDirectory}.");
        var dll = Path.Combine(root.FullName, "src", "PoaPlatform.Cli", "bin", configuration, framework, "poa.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build src/PoaPlatform.Cli first.", dll);
    }
}
