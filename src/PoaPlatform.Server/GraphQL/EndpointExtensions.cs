namespace PoaPlatform.Server.GraphQL;

public static class EndpointExtensions
{
    /// <summary>Authentication, then the GraphQL endpoint and its schema.</summary>
    public static WebApplication MapPoaEndpoints(this WebApplication app)
    {
        app.UseAuthentication();
        app.MapGraphQLEndpoint();
        return app;
    }
}
