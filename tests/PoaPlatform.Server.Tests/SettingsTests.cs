using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>The real server process refuses bad settings with one line per problem on stderr and exit code 2.</summary>
public sealed class SettingsTests : IDisposable
{
    private readonly TemporaryDirectory _data = new("poa-settings-");

    [Fact]
    public async Task ASettingOutOfRangeIsOneLineNamingItsValueAndTheAllowedRange()
    {
        var (exitCode, output, error) = await RunAsync(new() { ["GraphQL:MaxRequestBytes"] = "100000000", ["Live:MaxSockets"] = "0" });

        Assert.Equal(2, exitCode);
        Assert.Contains("Invalid setting GraphQL:MaxRequestBytes=100000000: allowed 1024 to 67108864.\n", error, StringComparison.Ordinal);
        Assert.Contains("Invalid setting Live:MaxSockets=0: allowed 1 to 1000000.\n", error, StringComparison.Ordinal);
        AssertNoStackTrace(output, error);
    }

    [Fact]
    public async Task ARequiredSettingLeftEmptyIsOneLineNamingIt()
    {
        var (exitCode, output, error) = await RunAsync(new() { ["Auth:BootstrapAdminEmail"] = "" });

        Assert.Equal(2, exitCode);
        Assert.Contains("Invalid setting Auth:BootstrapAdminEmail is required and is empty.\n", error, StringComparison.Ordinal);
        AssertNoStackTrace(output, error);
    }

    [Fact]
    public async Task PostgreSqlWithoutAConnectionStringIsOneLineNamingBoth()
    {
        var (exitCode, output, error) = await RunAsync(new() { ["Storage:Provider"] = "PostgreSql", ["GraphQL:MaxDepth"] = "many" });

        Assert.Equal(2, exitCode);
        Assert.Contains("Invalid setting ConnectionStrings:Poa is required while Storage:Provider=PostgreSql;", error, StringComparison.Ordinal);
        // Every problem of one start is reported, a value of the wrong type too.
        Assert.Contains("Invalid setting GraphQL:MaxDepth=many: allowed a number.\n", error, StringComparison.Ordinal);
        AssertNoStackTrace(output, error);
    }

    [Fact]
    public async Task EvidenceInS3WithoutABucketAndAnEvidenceLimitOutOfRangeAreOneLineEach()
    {
        var (exitCode, output, error) = await RunAsync(new() { ["Evidence:Store"] = "S3", ["Evidence:MaxBytes"] = "10" });

        Assert.Equal(2, exitCode);
        Assert.Contains("Invalid setting Evidence:S3:Bucket is required while Evidence:Store=S3.\n", error, StringComparison.Ordinal);
        Assert.Contains("Invalid setting Evidence:MaxBytes=10: allowed 1024 to 1073741824.\n", error, StringComparison.Ordinal);
        AssertNoStackTrace(output, error);
    }

    public void Dispose() => _data.Dispose();

    private Task<(int ExitCode, string Output, string Error)> RunAsync(Dictionary<string, string> settings)
    {
        settings["Storage:DataDirectory"] = _data.Path;
        settings["Seed:Enabled"] = "false";
        return ServerProcess.RunUntilExitAsync(settings, TimeSpan.FromSeconds(60));
    }

    private static void AssertNoStackTrace(string output, string error)
    {
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
        // Nothing started: no database was created.
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }
}
