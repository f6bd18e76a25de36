using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace PoaPlatform.Server.Web;

public static class WebPagesExtensions
{
    /// <summary>The page routes; each is answered with index.html and the page reads its figures from /graphql.</summary>
    public static readonly IReadOnlyList<string> PageRoutes = ["/poa/{**path}", "/importar", "/entrar", "/cambiar-contrasena", "/cuenta", "/administracion", "/revision", "/revision/{**path}", "/calendario/{**path}", "/comparar/{**path}", "/informe/{**path}"];

    /// <summary>Serves the dashboards built from web/ (wwwroot/dist) at "/", with the page routes falling back to index.html.</summary>
    public static WebApplication UsePoaPages(this WebApplication app)
    {
        var root = Path.Combine(app.Environment.ContentRootPath, "wwwroot", "dist");
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            // The API works without the pages (an image built without them, -p:PoaSkipWebBuild=true).
            app.Logger.LogWarning("The web pages are not built ({Root} has no index.html); only /graphql is served.", root);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        var options = new StaticFileOptions { FileProvider = files, OnPrepareResponse = SetCacheHeaders };
        app.UseStaticFiles(options);
        foreach (var route in PageRoutes)
            app.MapFallbackToFile(route, "index.html", options);
        return app;
    }

    /// <summary>Vite names assets by their content hash, so they never change; index.html must be revalidated.</summary>
    private static void SetCacheHeaders(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        headers[HeaderNames.CacheControl] = context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
            ? "public, max-age=31536000, immutable"
            : "no-cache";
    }
}
