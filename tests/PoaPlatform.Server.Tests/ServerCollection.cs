namespace PoaPlatform.Server.Tests;

/// <summary>One real host shared by the tests; each test works in its own municipality, so none sees another's data.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<PoaServerFactory>
{
    public const string Name = "server";
}
