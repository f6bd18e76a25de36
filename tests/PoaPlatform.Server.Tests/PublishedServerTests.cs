using System.Diagnostics;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>The server as an operator runs it: published to a folder, started from somewhere else.</summary>
public sealed class PublishedServerTests : IDisposable
{
    private readonly DirectoryInfo _published = Directory.CreateTempSubdirectory("poa-published-");
    private readonly DirectoryInfo _elsewhere = Directory.CreateTempSubdirectory("poa-cwd-");

    [Fact]
    public async Task ThePublishedServerStartedFromAnotherFolderServesItsPagesAndKeepsItsDataInTheWorkingDirectory()
    {
        await PublishAsync(_published.FullName);

        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Seed:Enabled"] = "false" },
            assembly: Path.Combine(_published.FullName, "PoaPlatform.Server.dll"), workingDirectory: _elsewhere.FullName);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var response = await http.GetAsync(new Uri("/", UriKind.Relative));
        var page = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, $"GET / answered {(int)response.StatusCode}:\n{server.Output}");
        Assert.Contains("<title>POA · Programa Operativo Anual</title>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("The web pages are not built", server.Output, StringComparison.Ordinal);
        // The data is the operator's: a relative Storage:DataDirectory ("data") is under the working directory.
        Assert.True(File.Exists(Path.Combine(_elsewhere.FullName, "data", "poa.db")), server.Output);
    }

    public void Dispose()
    {
        _published.Delete(recursive: true);
        _elsewhere.Delete(recursive: true);
    }

    /// <summary>`dotnet publish` of the server the tests were built with (no build again: the tests run on that build).</summary>
    private static async Task PublishAsync(string output)
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
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }
}
