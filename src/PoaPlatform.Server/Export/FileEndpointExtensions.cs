using PoaPlatform.Server.Hosting;
using PoaPlatform.Server.Import;

namespace PoaPlatform.Server.Export;

public static class FileEndpointExtensions
{
    /// <summary>Options and grain reads of the file endpoints (uploads and downloads).</summary>
    public static IHostApplicationBuilder AddPoaFiles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImportOptions>().BindSettings(ImportOptions.Section);
        builder.Services.AddSingleton<ExportSources>();
        return builder;
    }

    /// <summary><c>POST /import</c> (a file, as importPoa) and <c>GET /export/...</c> (what a page shows, as a file).</summary>
    public static WebApplication MapPoaFiles(this WebApplication app)
    {
        app.MapPost("/import", ImportUploadEndpoint.HandleAsync).DisableAntiforgery();
        app.MapGet("/export/{municipality}/{year:int}/{department?}/{number:int?}", ExportEndpoint.HandleAsync);
        return app;
    }
}
