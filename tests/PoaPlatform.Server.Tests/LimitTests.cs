namespace PoaPlatform.Server.Tests;

public class LimitTests
{
    [Fact]
    public async Task AnOperationPastTheTimeLimitIsATimeoutErrorWithoutAStackTrace()
    {
        await using var server = new ImpatientServerFactory();

        var response = await server.Client().SendAsync("{ poa(year: 2021) { totals { investment } departments { totalCount } } }");

        var error = response["errors"]![0]!;
        Assert.Equal("TIMEOUT", (string?)error["extensions"]!["code"]);
        Assert.DoesNotContain("   at ", response.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>A host with the smallest time limit the options accept (1 ms): a cold city read cannot meet it.</summary>
    private sealed class ImpatientServerFactory : PoaServerFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["GraphQL:Timeout"] = "00:00:00.001";
            return settings;
        }
    }
}
