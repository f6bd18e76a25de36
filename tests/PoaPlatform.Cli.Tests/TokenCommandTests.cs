using System.Text;
using System.Text.Json;
using PoaPlatform.Testing;

namespace PoaPlatform.Cli.Tests;

public sealed class TokenCommandTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("poa-token-");

    /// <summary>A data directory that does not exist yet: <c>poa token</c> creates it with the key.</summary>
    private string DataDirectory => _folder.File("data");

    [Fact]
    public void TokenPrintsAJwtWithTheDepartmentRoleAndUserAndCreatesTheKeyOnce()
    {
        var first = PoaProcess.Run("token", "--department", "tesoreria", "--role", "editor", "--user", "ana", "--data-dir", DataDirectory, "--hours", "2");
        Assert.Equal(0, first.ExitCode);
        var (header, payload) = Decode(first.Output.Trim());
        Assert.Equal("tesoreria", payload.GetProperty("department").GetString());
        Assert.Equal("zacatecas", payload.GetProperty("municipality").GetString());
        Assert.Equal("editor", payload.GetProperty("role").GetString());
        Assert.Equal("ana", payload.GetProperty("sub").GetString());
        Assert.InRange(payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64(), 7199, 7201);
        Assert.True(File.Exists(Path.Combine(DataDirectory, "dev-signing-key.json")));

        var second = PoaProcess.Run("token", "--department", "obras", "--role", "viewer", "--data-dir", DataDirectory);
        Assert.Equal(header.GetProperty("kid").GetString(), Decode(second.Output.Trim()).Header.GetProperty("kid").GetString());
    }

    [Fact]
    public void TokenNamesItsMunicipalityAndSaysItIsForDevelopment()
    {
        var token = PoaProcess.Run("token", "--municipality", "Guadalupe", "--role", "planner", "--data-dir", DataDirectory);
        var help = PoaProcess.Run("token", "--help");

        Assert.Equal("guadalupe", Decode(token.Output.Trim()).Payload.GetProperty("municipality").GetString());
        Assert.Contains("development", help.Output, StringComparison.Ordinal);
        Assert.Contains("--municipality", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEditorsTokenNeedsItsDepartment()
    {
        var result = PoaProcess.Run("token", "--role", "editor", "--data-dir", DataDirectory);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--department", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenRefusesARoleThatDoesNotExist()
    {
        var result = PoaProcess.Run("token", "--department", "tesoreria", "--role", "boss", "--data-dir", DataDirectory);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("boss", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static (JsonElement Header, JsonElement Payload) Decode(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        return (Part(parts[0]), Part(parts[1]));

        static JsonElement Part(string base64Url)
        {
            var base64 = base64Url.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64))).RootElement.Clone();
        }
    }
}
