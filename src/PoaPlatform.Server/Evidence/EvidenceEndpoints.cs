using System.Security.Cryptography;
using GraphQL;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.Import;

namespace PoaPlatform.Server.Evidence;

/// <summary>
/// <c>POST /evidence/{municipality}/{year}/{department}/{number}/{activity}/{month}</c>: one evidence file as
/// multipart/form-data (part <c>file</c>), counted while it streams to a temporary file (refused with 413 as soon as it
/// passes Evidence:MaxBytes), its type read from its bytes (415 for anything else), then stored. Answers the item as JSON.
/// <c>GET /evidence/{id}</c>: the file, with the reading rules of its POA, as an attachment that is never sniffed.
/// </summary>
internal static class EvidenceEndpoints
{
    // The multipart envelope (boundaries, part headers) adds a little to the file itself.
    private const long Envelope = 64 * 1024;

    // A body that passes the limit is read to its end, and thrown away, up to this much more, so that a client still
    // sending it gets the 413 instead of a broken connection; past it the connection closes.
    private const long Drain = 256L * 1024 * 1024;

    public static async Task UploadAsync(HttpContext context, EvidenceService evidence, string municipality, int year, string department, int number,
        int activity, int month, CancellationToken cancellationToken)
    {
        var target = new EvidenceTarget(Slugs.From(municipality), year, Slugs.From(department), number, activity, month);
        Editor editor;
        try
        {
            // Who may add evidence, and to what, is known before a byte of the file is read.
            editor = await evidence.AuthorizeAddAsync(context.User, target);
        }
        catch (ExecutionError e)
        {
            await RefuseAsync(context, e);
            return;
        }

        var limit = evidence.MaxBytes;
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            await ImportUploadEndpoint.RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, GraphQL.PoaErrors.BadRequest,
                "POST /evidence/... takes multipart/form-data with the file in a part named \"file\" (curl -F file=@acta.pdf).");
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit + Envelope + Drain;
        // A declared length over the limit is refused before a byte of it is stored. A client that sent Expect:
        // 100-continue (curl does for large files) is answered at once and never sends the file; a browser, which
        // sends the file right away, gets the answer once the body is read and thrown away (up to Drain more).
        if (request.ContentLength > limit + Envelope)
        {
            var waits = request.Headers.Expect.Any(e => e?.Contains("100-continue", StringComparison.OrdinalIgnoreCase) == true);
            await TooLargeAsync(context, limit, !waits && request.ContentLength <= limit + Envelope + Drain && await DrainAsync(request.Body, cancellationToken));
            return;
        }

        await using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"poa-evidence-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        string? fileName = null;
        string? sha256 = null;
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            for (var section = await reader.ReadNextSectionAsync(cancellationToken); section is not null; section = await reader.ReadNextSectionAsync(cancellationToken))
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition() ||
                    HeaderUtilities.RemoveQuotes(disposition.Name).Value != "file" || fileName is not null)
                    continue;
                fileName = (disposition.FileNameStar.HasValue ? disposition.FileNameStar : HeaderUtilities.RemoveQuotes(disposition.FileName)).Value ?? "";
                sha256 = await CopyAsync(section.Body, file, limit, cancellationToken);
                if (sha256 is null)
                {
                    await TooLargeAsync(context, limit, await DrainAsync(request.Body, cancellationToken));
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
                await TooLargeAsync(context, limit, drained: false);
            else
                await ImportUploadEndpoint.RefuseAsync(context, StatusCodes.Status400BadRequest, GraphQL.PoaErrors.BadRequest,
                    $"The upload could not be read as multipart/form-data: {e.Message}");
            return;
        }
        if (fileName is null || sha256 is null)
        {
            await ImportUploadEndpoint.RefuseAsync(context, StatusCodes.Status400BadRequest, GraphQL.PoaErrors.BadRequest, "The form has no file part named \"file\".");
            return;
        }

        try
        {
            var item = await evidence.AddFileAsync(editor, target, file, fileName, sha256, cancellationToken);
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers.Location = EvidenceFields.DownloadPath(item.Id);
            await context.Response.WriteAsJsonAsync(new
            {
                id = item.Id,
                fileName = item.FileName,
                contentType = item.ContentType,
                size = item.Size,
                sha256 = item.Sha256,
                uploadedBy = item.UploadedBy,
                uploadedAt = item.UploadedAt,
                activityId = item.ActivityId,
                month = item.Month,
                downloadUrl = EvidenceFields.DownloadPath(item.Id),
            }, cancellationToken);
        }
        catch (ExecutionError e)
        {
            await RefuseAsync(context, e);
        }
    }

    public static async Task DownloadAsync(HttpContext context, EvidenceService evidence, long id, CancellationToken cancellationToken)
    {
        Persistence.EvidenceItem item;
        try
        {
            item = await evidence.ReadableAsync(context.User, id, cancellationToken);
        }
        catch (ExecutionError e)
        {
            await RefuseAsync(context, e);
            return;
        }
        if (item.ContentKey is not { } key)
        {
            await ImportUploadEndpoint.RefuseAsync(context, StatusCodes.Status404NotFound, ErrorCodes.NotFound,
                $"Evidence {id} is a link, not a file: {item.Url}");
            return;
        }
        var response = context.Response;
        response.ContentType = item.ContentType ?? "application/octet-stream";
        response.ContentLength = item.Size;
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(item.FileName ?? "evidencia");
        response.Headers.ContentDisposition = disposition.ToString();
        if (!await evidence.Store.CopyToAsync(key, response.Body, cancellationToken) && !response.HasStarted)
        {
            response.Headers.ContentDisposition = default;
            response.ContentLength = null;
            await ImportUploadEndpoint.RefuseAsync(context, StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"The file of evidence {id} is missing from the store.");
        }
    }

    /// <summary>Copies the file part, counting and hashing; null as soon as it passes the limit (the rest is never read).</summary>
    private static async Task<string?> CopyAsync(Stream source, Stream target, long limit, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        return await Hosting.BoundedCopy.CopyAsync(source, target, limit, hash, cancellationToken)
            ? Convert.ToHexStringLower(hash.GetHashAndReset())
            : null;
    }

    /// <summary>Reads what is left of the body into one small buffer, over and over; false when it is longer than allowed.</summary>
    private static async Task<bool> DrainAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        try
        {
            while (await body.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
            return true;
        }
        catch (BadHttpRequestException)
        {
            return false;
        }

    }

    private static Task TooLargeAsync(HttpContext context, long limit, bool drained)
    {
        // A body not read to its end cannot be followed by another request on the same connection.
        if (!drained)
            context.Response.Headers.Connection = "close";
        return ImportUploadEndpoint.RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, EvidenceService.FileTooLarge,
            $"The file is larger than {limit:N0} bytes (Evidence:MaxBytes): attach a smaller or compressed file, or a link to it.");
    }

    private static Task RefuseAsync(HttpContext context, ExecutionError e)
    {
        var status = e.Code switch
        {
            PoaAuthorization.Unauthenticated => StatusCodes.Status401Unauthorized,
            ErrorCodes.NotFound => StatusCodes.Status404NotFound,
            ErrorCodes.Validation => StatusCodes.Status400BadRequest,
            EvidenceService.UnsupportedFileType => StatusCodes.Status415UnsupportedMediaType,
            _ => StatusCodes.Status403Forbidden,
        };
        return ImportUploadEndpoint.RefuseAsync(context, status, e.Code!, e.Message);
    }
}
