using PoaPlatform.Testing;

namespace PoaPlatform.Cli.Tests;

/// <summary><c>poa municipality</c> and <c>poa user</c> on the embedded default's SQLite file, as an operator runs them.</summary>
public sealed class AccountCommandTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("poa-account-");

    /// <summary>A data directory that does not exist yet: the first command creates it with its database.</summary>
    private string DataDirectory => _folder.File("data");

    [Fact]
    public void AnOperatorAddsAMunicipalityOpensItsYearsAndListsThem()
    {
        var added = Poa("municipality", "add", "Guadalupe", "--name", "Guadalupe", "--state", "Zacatecas", "--inegi", "32017", "--year", "2025");
        var again = Poa("municipality", "add", "guadalupe", "--name", "Otra", "--state", "Zacatecas", "--inegi", "32017");
        var opened = Poa("municipality", "open-year", "guadalupe", "2026");
        var unknown = Poa("municipality", "open-year", "nadie", "2026");
        var list = Poa("municipality", "list");

        Assert.Equal((0, "added guadalupe\nopened guadalupe/2025"), (added.ExitCode, added.Output.Trim().ReplaceLineEndings("\n")));
        Assert.Equal("guadalupe exists already", again.Output.Trim());
        Assert.Equal("opened guadalupe/2026", opened.Output.Trim());
        Assert.Equal((2, "error: there is no municipality \"nadie\"; add it with poa municipality add."), (unknown.ExitCode, unknown.Error.Trim()));
        Assert.Equal("guadalupe\tGuadalupe\tZacatecas\t32017\t2025,2026", list.Output.Trim());
    }

    [Fact]
    public void AnOperatorAddsAUserWithAOneTimePasswordDisablesItAndResetsIt()
    {
        Poa("municipality", "add", "zacatecas", "--name", "Zacatecas", "--state", "Zacatecas", "--inegi", "32056");

        var added = Poa("user", "add", "Ana@Zacatecas.gob.mx", "--municipality", "zacatecas", "--department", "Tesorería", "--role", "editor");
        var duplicate = Poa("user", "add", "ana@zacatecas.gob.mx", "--municipality", "zacatecas", "--role", "viewer");
        var noDepartment = Poa("user", "add", "luis@zacatecas.gob.mx", "--municipality", "zacatecas", "--role", "editor");
        var noMunicipality = Poa("user", "add", "eva@otro.gob.mx", "--municipality", "otro", "--role", "viewer");
        var disabled = Poa("user", "disable", "ana@zacatecas.gob.mx");
        var reset = Poa("user", "reset-password", "ANA@zacatecas.gob.mx");
        var list = Poa("user", "list", "--municipality", "zacatecas");

        Assert.Equal(0, added.ExitCode);
        Assert.StartsWith("created ana@zacatecas.gob.mx (editor, zacatecas, tesoreria)", added.Output, StringComparison.Ordinal);
        Assert.Matches(@"one-time password: [a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}", added.Output);
        Assert.Equal((2, "error: There is an account for ana@zacatecas.gob.mx already."), (duplicate.ExitCode, duplicate.Error.Trim()));
        Assert.Contains("An editor belongs to a department", noDepartment.Error, StringComparison.Ordinal);
        Assert.Contains("There is no municipality \"otro\"", noMunicipality.Error, StringComparison.Ordinal);
        Assert.Equal("disabled ana@zacatecas.gob.mx", disabled.Output.Trim());
        Assert.Matches(@"^one-time password for ana@zacatecas.gob.mx: [a-z0-9-]{19}$", reset.Output.Trim());
        Assert.Equal("ana@zacatecas.gob.mx\teditor\tzacatecas\ttesoreria\tdisabled", list.Output.Trim());
        Assert.DoesNotContain("   at ", noMunicipality.Error, StringComparison.Ordinal);
    }

    private PoaProcess.Result Poa(params string[] args) => PoaProcess.Run([.. args, "--data-dir", DataDirectory]);

    public void Dispose() => _folder.Dispose();
}
