using GraphQL;
using PoaPlatform.Domain.Export;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.Import;

namespace PoaPlatform.Server.Export;

/// <summary>
/// <c>GET /export/{municipality}/{year}[/{department}[/{number}]]?format=xlsx|xlsx-flat|csv|json|transparencia-iv|transparencia-v|transparencia-vi[&amp;periodo=1..4]</c>:
/// what the city, department or action page shows, as a file to download, or the transparency format of a quarter
/// (docs/transparency.md). Reading rules apply (Auth:PublicRead).
/// </summary>
internal static class ExportEndpoint
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Whether the user may read the POA (Auth:PublicRead and the municipality); when not, the refusal is
    /// answered: 401 UNAUTHENTICATED, 403 FORBIDDEN, 404 NOT_FOUND.</summary>
    public static async Task<bool> CanReadAsync(HttpContext context, PoaAuthorization authorization, string municipality, int year)
    {
        try
        {
            authorization.EnsureCanRead(context.User, municipality, year);
            return true;
        }
        catch (ExecutionError e)
        {
            var status = e.Code switch
            {
                PoaAuthorization.Unauthenticated => StatusCodes.Status401Unauthorized,
                Abstractions.Editing.ErrorCodes.NotFound => StatusCodes.Status404NotFound,
                _ => StatusCodes.Status403Forbidden,
            };
            await ImportUploadEndpoint.RefuseAsync(context, status, e.Code!, e.Message);
            return false;
        }
    }

    public static async Task HandleAsync(HttpContext context, PoaAuthorization authorization, ExportSources sources, TimeProvider clock,
        string municipality, int year, string? department, int? number)
    {
        municipality = Slugs.From(municipality);
        if (!await CanReadAsync(context, authorization, municipality, year))
            return;
        var format = context.Request.Query["format"].FirstOrDefault() ?? "xlsx";
        TransparencyFraction? fraction = format switch
        {
            "transparencia-iv" => TransparencyFraction.ObjectivesAndTargets,
            "transparencia-v" => TransparencyFraction.PublicInterestIndicators,
            "transparencia-vi" => TransparencyFraction.ResultIndicators,
            _ => null,
        };
        if (fraction is null && format is not ("xlsx" or "xlsx-flat" or "csv" or "json" or Reports.QuarterlyReportXlsx.Format))
        {
            await ImportUploadEndpoint.RefuseAsync(context, StatusCodes.Status400BadRequest, GraphQL.PoaErrors.BadRequest,
                $"Unknown format \"{format}\": use xlsx (seed layout), xlsx-flat (one row per activity, with progress), csv, json, " +
                "transparencia-iv, transparencia-v, transparencia-vi or informe-trimestral (with periodo=1..4).");
            return;
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var quarter = today.Year == year ? (today.Month + 2) / 3 : today.Year > year ? 4 : 1;
        if (context.Request.Query["periodo"].FirstOrDefault() is { } periodo)
        {
            if (!int.TryParse(periodo, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out quarter) || quarter is < 1 or > 4)
            {
                await ImportUploadEndpoint.RefuseAsync(context, StatusCodes.Status400BadRequest, GraphQL.PoaErrors.BadRequest,
                    $"Unknown periodo \"{periodo}\": use a quarter, 1 to 4.");
                return;
            }
        }
        if (format == Reports.QuarterlyReportXlsx.Format)
        {
            await Reports.QuarterlyReportXlsx.HandleAsync(context, municipality, year, department, number, quarter);
            return;
        }
        var language = context.Request.Query["language"].FirstOrDefault() is { } lang && lang.StartsWith("es", StringComparison.OrdinalIgnoreCase)
            ? FindingLanguage.Spanish
            : FindingLanguage.English;

        var exported = department is null ? await sources.CityAsync(municipality, year)
            : number is { } n ? await sources.ActionAsync(municipality, year, department, n)
            : await sources.DepartmentAsync(municipality, year, department);
        if (exported is null)
        {
            var what = department is null ? $"The POA {year} of {municipality}" : number is null ? $"The department '{department}'" : $"Action {number} of '{department}'";
            await ImportUploadEndpoint.RefuseAsync(context, StatusCodes.Status404NotFound, "NOT_FOUND", $"{what} does not exist (or has nothing imported yet).");
            return;
        }

        var name = string.Join('-', new[] { "poa", year.ToString(System.Globalization.CultureInfo.InvariantCulture), Slugs.From(department ?? municipality) }
            .Concat(number is { } k ? [k.ToString(System.Globalization.CultureInfo.InvariantCulture)] : []));
        var (contentType, extension) = format switch
        {
            "csv" => ("text/csv; charset=utf-8", "csv"),
            "json" => ("application/json; charset=utf-8", "json"),
            _ => (XlsxType, "xlsx"),
        };
        var response = context.Response;
        response.ContentType = contentType;
        var suffix = format == "xlsx-flat" ? "-filas"
            : fraction is not null ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"-{format}-t{quarter}") : "";
        response.Headers.ContentDisposition = $"attachment; filename=\"{name}{suffix}.{extension}\"";
        // A workbook is a zip package, which needs a seekable stream: build it in memory, then send it.
        using var buffer = new MemoryStream();
        switch (format)
        {
            case "xlsx":
                PoaXlsx.Write(exported.Document, buffer);
                break;
            case "xlsx-flat":
                PoaXlsx.WriteFlat(exported.Document, buffer, exported.Progress);
                break;
            case not null when fraction is { } f:
                TransparencyXlsx.Write(buffer, f, exported.Document, exported.Progress, exported.Approved ?? [], quarter, today);
                break;
            case "csv":
                buffer.Write(PoaCsv.Encoding.GetPreamble());
                using (var writer = new StreamWriter(buffer, PoaCsv.Encoding, leaveOpen: true))
                    PoaCsv.Write(exported.Document, writer);
                break;
            default:
                PoaJson.Write(exported.Document, buffer, language, exported.Progress);
                break;
        }
        await SendAsync(context, buffer);
    }

    /// <summary>Sends a file built in memory (a workbook is a zip package, which needs a seekable stream), with its length.</summary>
    public static async Task SendAsync(HttpContext context, MemoryStream buffer)
    {
        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
