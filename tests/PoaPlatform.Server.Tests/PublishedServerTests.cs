using System.Diagnostics;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>The server as an operator runs it: published to a folder, started from somewhere else.</summary>
public sealed class PublishedServerTests : IDisposable
{
    private readonly TemporaryDirectory _published = new("poa-published-");
    private readonly TemporaryDirectory _elsewhere = new("poa-cwd-");

    [Fact]
    public async Task ThePublishedServerStartedFromAnotherFolderServesItsPagesAndKeepsItsDataInTheWorkingDirectory()
    {
        await PublishAsync(_published.Path);

        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Seed:Enabled"] = "false" },
            assembly: Path.Combine(_published.Path, "PoaPlatform.Server.dll"), workingDirectory: _elsewhere.Path);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var response = await http.GetAsync(new Uri("/", UriKind.Relative));
        var page = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, $"GET / answered {(int)response.StatusCode}:\n{server.Output}");
        Assert.Contains("<title>POA · Programa Operativo Anual</title>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("The web pages are not built", server.Output, StringComparison.Ordinal);
        // The data is the operator's: a relative Storage:DataDirectory ("data") is under the working directory.
        Assert.True(File.Exists(Path.Combine(_elsewhere.Path, "data", "poa.db")), server.Output);
    }

    public void Dispose()
    {
        _published.Dispose();
        _elsewhere.Dispose();
    }

    /// <summary>`dotnet publish` of the server the tests were built with (no build again: the tests run on that build).</summary>
    private async Task PublishAsync(string output)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", Path.Combine(RepositoryPaths.Root, "src", "PoaPlatform.Server", "PoaPlatform.Server.csproj"),
            "-c", RepositoryPaths.Configuration, "--no-build", "-o", output, "-p:UseAppHost=false", "-nologo", "-v", "quiet" })
            info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The SDK leaves empty folders in the temp folder: a temp folder of its own, deleted with the test's folders.
        info.Environment["TMPDIR"] = _elsewhere.Subdirectory("tmp");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }
}
