using GraphQL;
using Microsoft.Extensions.Options;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.Export;
using PoaPlatform.Server.Import;

namespace PoaPlatform.Server.OpenData;

/// <summary>
/// <c>GET /datos/{municipality}/{year}</c>: the year's POA as a Fiscal Data Package in a zip; <c>.../datapackage.json</c>,
/// <c>.../budget.csv</c>, <c>.../progress.csv</c>: its parts (the descriptor's relative paths resolve to them). Reading
/// rules apply (Auth:PublicRead), as for <c>/export</c>.
/// </summary>
internal static class OpenDataEndpoint
{
    public static WebApplication MapPoaOpenData(this WebApplication app)
    {
        app.MapGet("/datos/{municipality}/{year:int}", (HttpContext context, PoaAuthorization authorization, ExportSources sources, IOptions<OpenDataOptions> options,
            string municipality, int year) => HandleAsync(context, authorization, sources, options.Value, municipality, year, null));
        app.MapGet("/datos/{municipality}/{year:int}/{part}", (HttpContext context, PoaAuthorization authorization, ExportSources sources, IOptions<OpenDataOptions> options,
            string municipality, int year, string part) => HandleAsync(context, authorization, sources, options.Value, municipality, year, part));
        return app;
    }

    private static async Task HandleAsync(HttpContext context, PoaAuthorization authorization, ExportSources sources, OpenDataOptions options,
        string municipality, int year, string? part)
    {
        municipality = Slugs.From(municipality);
        if (!await ExportEndpoint.CanReadAsync(context, authorization, municipality, year))
            return;
        if (part is not (null or FiscalDataPackage.DescriptorName or FiscalDataPackage.BudgetName or FiscalDataPackage.ProgressName))
        {
            await ImportUploadEndpoint.RefuseAsync(context, StatusCodes.Status404NotFound, "NOT_FOUND",
                $"The package has no part \"{part}\": its parts are {FiscalDataPackage.DescriptorName}, {FiscalDataPackage.BudgetName} and {FiscalDataPackage.ProgressName}.");
            return;
        }
        if (await sources.OpenDataAsync(municipality, year) is not { } actions)
        {
            await ImportUploadEndpoint.RefuseAsync(context, StatusCodes.Status404NotFound, "NOT_FOUND", $"The POA {year} of {municipality} does not exist (or has nothing imported yet).");
            return;
        }

        var package = new FiscalDataPackage(municipality, year, actions);
        var request = context.Request;
        var source = $"{request.Scheme}://{request.Host}{request.PathBase}/poa/{Uri.EscapeDataString(municipality)}/{year}";
        var name = $"poa-{year}-{municipality}-datos";
        var response = context.Response;
        byte[] content;
        switch (part)
        {
            case null:
                content = package.Zip(package.Descriptor(options, source, DateTimeOffset.UtcNow));
                response.ContentType = "application/zip";
                response.Headers.ContentDisposition = $"attachment; filename=\"{name}.zip\"";
                break;
            case FiscalDataPackage.DescriptorName:
                content = package.Descriptor(options, source, DateTimeOffset.UtcNow);
                response.ContentType = "application/json; charset=utf-8";
                break;
            default:
                content = part == FiscalDataPackage.BudgetName ? package.Budget() : package.Progress();
                response.ContentType = "text/csv; charset=utf-8";
                response.Headers.ContentDisposition = $"inline; filename=\"{name}-{part}\"";
                break;
        }
        response.ContentLength = content.Length;
        await response.Body.WriteAsync(content, context.RequestAborted);
    }
}
