using PoaPlatform.Auth.Accounts;
using PoaPlatform.Server.Live;
using PoaPlatform.Server.Tests.Fuzzing;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>What the README promises an operator or an integrator matches what the server does.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public void TheReadmeListsEveryCodeTheSignInEndpointsAnswer()
    {
        var listed = FuzzTests.ReadmeErrorCodes();

        Assert.All(new[] { AccountCodes.InvalidCredentials, AccountCodes.LockedOut, AccountCodes.NoAccess, "TOO_MANY_ATTEMPTS" },
            code => Assert.Contains(code, listed));
    }

    [Fact]
    public void TheReadmeStatesTheDefaultQueueOfASocket()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var kib = new LiveOptions().MaxQueuedBytesPerSocket / 1024;

        Assert.Contains($"{kib} KiB waiting to be sent per socket", readme, StringComparison.Ordinal);
        Assert.Contains($"| `Live:MaxQueuedBytesPerSocket` | {kib} KiB |", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void TheKubernetesGuideSaysHowToCreateTheFirstAdminWithoutTheSeed()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "k8s", "README.md"));
        var config = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "k8s", "base", "config.env"));

        Assert.Contains("Seed__Enabled=false", config, StringComparison.Ordinal);
        Assert.Contains("poa.dll user add", guide, StringComparison.Ordinal);
        Assert.Contains("--role admin", guide, StringComparison.Ordinal);
    }
}
