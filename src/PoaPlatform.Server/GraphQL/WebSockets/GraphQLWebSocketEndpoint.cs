using System.Net.WebSockets;

namespace PoaPlatform.Server.GraphQL.WebSockets;

/// <summary>GraphQL over WebSocket with the graphql-transport-ws protocol, on the same path as the HTTP endpoint.</summary>
/// <remarks>Three layers, as graphql-dotnet/server has them: <see cref="WebSocketConnection"/> (frames, one send queue,
/// closing), <see cref="GraphQLTransportWsProtocol"/> (the protocol's messages and close codes, the operations of one
/// socket) and <see cref="WebSocketAuthentication"/> (the token of connection_init). Operations run through the same
/// execution setup as HTTP (<see cref="GraphQLExtensions.AddPoaGraphQL"/>).</remarks>
public static class GraphQLWebSocketEndpoint
{
    public const string SubProtocol = "graphql-transport-ws";

    public static IApplicationBuilder UseGraphQLWebSockets(this IApplicationBuilder app, string path = "/graphql")
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Use(async (http, next) =>
        {
            if (!http.WebSockets.IsWebSocketRequest || !http.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase))
            {
                await next(http);
                return;
            }
            if (!http.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol, StringComparer.Ordinal))
            {
                using var refused = await http.WebSockets.AcceptWebSocketAsync();
                await refused.CloseAsync((WebSocketCloseStatus)4406, "Subprotocol not acceptable", http.RequestAborted);
                return;
            }
            // Refused before the upgrade: a socket costs memory for as long as it is open.
            var (lease, refusal) = http.RequestServices.GetRequiredService<SocketAdmission>().TryAdmit(http.Connection.RemoteIpAddress);
            if (lease is null)
            {
                await RefuseAsync(http, refusal!);
                return;
            }
            using var admitted = lease;
            using var socket = await http.WebSockets.AcceptWebSocketAsync(SubProtocol);
            var connection = new WebSocketConnection(socket, http);
            await connection.RunAsync(new GraphQLTransportWsProtocol(connection, http));
        });
        return app;
    }

    /// <summary>429 with a GraphQL error body, as the HTTP endpoint answers its own refusals.</summary>
    private static async Task RefuseAsync(HttpContext http, string message)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = "10";
        http.Response.ContentType = "application/json; charset=utf-8";
        var result = new global::GraphQL.ExecutionResult { Executed = false };
        result.AddError(PoaErrors.Of(PoaErrors.TooManyRequests, message));
        var body = await http.RequestServices.GetRequiredService<ResponseWriter>().SerializeAsync(result, http.RequestAborted);
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }
}
