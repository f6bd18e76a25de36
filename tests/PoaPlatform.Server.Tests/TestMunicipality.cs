namespace PoaPlatform.Server.Tests;

/// <summary>The one place where the hostile-input tests and the fuzzer get a municipality to write in: one of their
/// own, added by an operator with its year opened (<see cref="TestPoa.CreateAsync"/>).</summary>
public static class TestMunicipality
{
    public static Task<TestPoa> CreateAsync(PoaServerFactory server) => TestPoa.CreateAsync(server);
}
