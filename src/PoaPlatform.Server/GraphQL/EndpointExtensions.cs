using PoaPlatform.Server.Auth;

namespace PoaPlatform.Server.GraphQL;

public static class EndpointExtensions
{
    /// <summary>Security headers, authentication and sign-in, then the GraphQL endpoint and its schema.</summary>
    public static WebApplication MapPoaEndpoints(this WebApplication app)
    {
        app.UsePoaAuth();
        app.MapGraphQLEndpoint();
        return app;
    }
}
