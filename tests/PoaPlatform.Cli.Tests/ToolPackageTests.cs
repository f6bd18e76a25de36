using System.Diagnostics;
using PoaPlatform.Testing;

namespace PoaPlatform.Cli.Tests;

/// <summary>`poa` as a .NET tool, installed from the repository's own build as the README shows.</summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("poa-tool-");

    [Fact]
    public void ThePackedToolInstallsFromALocalFolderAndAnswersHelp()
    {
        var packages = Path.Combine(_folder.Path, "packages");
        var tools = Path.Combine(_folder.Path, "tools");
        // Only the local folder as a source: the install works offline and cannot pick up a published package.
        var config = Path.Combine(_folder.Path, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);

        Run("dotnet", "pack", Path.Combine(RepositoryPaths.Root, "src", "PoaPlatform.Cli", "PoaPlatform.Cli.csproj"),
            "-c", RepositoryPaths.Configuration, "--no-build", "-o", packages, "-nologo", "-v", "quiet");
        Run("dotnet", "tool", "install", "PoaPlatform.Cli", "--tool-path", tools, "--configfile", config);
        var help = Run(Path.Combine(tools, "poa"), "--help");

        Assert.Contains("poa: read, check and convert Programas Operativos Anuales (POA).", help, StringComparison.Ordinal);
        Assert.Contains("validate", help, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder.Path,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // A package cache of its own: the version stays 0.1.0, and a cached older package must not stand in for this build.
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_folder.Path, "nuget-cache");
        // The SDK's commands leave empty folders in the temp folder: a temp folder of its own, deleted with the test's.
        start.Environment["TMPDIR"] = _folder.Subdirectory("tmp");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}\n{error.Result}");
        return output;
    }
}
