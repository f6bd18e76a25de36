using Microsoft.Extensions.Options;
using PoaPlatform.Persistence;
using PoaPlatform.Server.Evidence;
using PoaPlatform.Server.Hosting;
using PoaPlatform.Server.Import;
using PoaPlatform.Server.OpenData;

namespace PoaPlatform.Server.Export;

public static class FileEndpointExtensions
{
    /// <summary>Options and grain reads of the file endpoints (uploads and downloads), and where evidence files are
    /// kept (Evidence:Store: the database, or an S3-compatible object store).</summary>
    public static IHostApplicationBuilder AddPoaFiles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImportOptions>().BindSettings(ImportOptions.Section);
        builder.Services.AddSingleton<ExportSources>();
        builder.Services.AddOptions<OpenDataOptions>().BindSettings(OpenDataOptions.Section);
        builder.Services.AddOptions<EvidenceOptions>().BindSettings(EvidenceOptions.Section).Check(o => o.Problem());
        builder.Services.AddSingleton(sp => new EvidenceRegistry(sp.GetRequiredService<StorageTarget>()));
        builder.Services.AddSingleton<IEvidenceStore>(sp => sp.GetRequiredService<IOptions<EvidenceOptions>>().Value is { Store: EvidenceStoreKind.S3 } options
            ? S3EvidenceStore.Create(options.S3)
            : new DatabaseEvidenceStore(sp.GetRequiredService<StorageTarget>()));
        builder.Services.AddSingleton<EvidenceService>();
        return builder;
    }

    /// <summary><c>POST /import</c> (a file, as importPoa), <c>GET /export/...</c> (what a page shows, as a file), <c>GET /datos/...</c>
    /// (the year as a Fiscal Data Package), and
    /// evidence: <c>POST /evidence/...</c> (a file for one activity and month), <c>GET /evidence/{id}</c> (its download).</summary>
    public static WebApplication MapPoaFiles(this WebApplication app)
    {
        app.MapPost("/import", ImportUploadEndpoint.HandleAsync).DisableAntiforgery();
        app.MapGet("/export/{municipality}/{year:int}/{department?}/{number:int?}", ExportEndpoint.HandleAsync);
        app.MapPoaOpenData();
        // Antiforgery for signed-in pages is checked by the middleware for every cookie write (AuthExtensions), as for /import.
        app.MapPost("/evidence/{municipality}/{year:int}/{department}/{number:int}/{activity:int}/{month:int}", EvidenceEndpoints.UploadAsync).DisableAntiforgery();
        app.MapGet("/evidence/{id:long}", EvidenceEndpoints.DownloadAsync);
        return app;
    }
}
