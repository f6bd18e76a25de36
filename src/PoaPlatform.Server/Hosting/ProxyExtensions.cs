using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace PoaPlatform.Server.Hosting;

public static class ProxyExtensions
{
    /// <summary>Behind a trusted proxy the client's address and scheme come from its <c>X-Forwarded-*</c> headers:
    /// the session cookie is Secure when the client used HTTPS, and the sign-in rate limit, the audit of sign-ins and
    /// the sockets per address count clients, not the ingress. Off unless <c>Proxy:TrustedNetworks</c> lists some.</summary>
    public static WebApplicationBuilder AddPoaProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>()
            .BindSettings(ProxyOptions.Section)
            .Check(o => o.Parse().Invalid is { } invalid
                ? $"Proxy:TrustedNetworks={Settings.Format(o.TrustedNetworks)}: {invalid} is neither an address (10.0.0.7) nor a network (10.0.0.0/8)."
                : null);
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = proxy.Value.ForwardLimit;
            // The defaults trust loopback; only what the operator listed is trusted.
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var network in proxy.Value.Parse().Networks)
                forwarded.KnownIPNetworks.Add(network);
        });
        return builder;
    }

    /// <summary>First in the pipeline, so everything after it sees the client's address and scheme.</summary>
    public static IApplicationBuilder UsePoaProxy(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<ProxyOptions>>().Value.Enabled ? app.UseForwardedHeaders() : app;
}
