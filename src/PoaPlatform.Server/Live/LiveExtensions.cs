using PoaPlatform.Server.GraphQL.WebSockets;
using PoaPlatform.Server.Hosting;

namespace PoaPlatform.Server.Live;

public static class LiveExtensions
{
    /// <summary>The per-host hub that relays city changes from the grains to WebSocket subscribers.</summary>
    public static IHostApplicationBuilder AddPoaLive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveOptions>().BindSettings(LiveOptions.Section);
        builder.Services.AddSingleton<PoaChangeHub>();
        builder.Services.AddSingleton<SocketAdmission>();
        builder.Services.AddSingleton<SharedStreams>();
        return builder;
    }

    /// <summary>GraphQL over WebSocket (graphql-transport-ws) on the path of the HTTP endpoint.</summary>
    public static IApplicationBuilder UsePoaLive(this IApplicationBuilder app) => app.UseGraphQLWebSockets("/graphql");
}
