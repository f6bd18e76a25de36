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
            using var socket = await http.WebSockets.AcceptWebSocketAsync(SubProtocol);
            var connection = new WebSocketConnection(socket, http);
            await connection.RunAsync(new GraphQLTransportWsProtocol(connection, http));
        });
        return app;
    }
}
