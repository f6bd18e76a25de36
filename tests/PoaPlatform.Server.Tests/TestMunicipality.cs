namespace PoaPlatform.Server.Tests;

/// <summary>The one place where the hostile-input tests and the fuzzer get a municipality to write in.</summary>
/// <remarks>Today any slug can be written to, so this only names a fresh one. Once a municipality and its year must
/// exist before anything is written (sign-in and accounts), this is where they are opened, and nothing else of those
/// tests needs to change.</remarks>
public static class TestMunicipality
{
    public static Task<TestPoa> CreateAsync(PoaServerFactory server) => Task.FromResult(new TestPoa(server));
}
