using System.Text.Json;
using GraphQL;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Domain.Import;
using PoaPlatform.Grains.Import;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.Export;
using PoaPlatform.Server.Telemetry;

namespace PoaPlatform.Server.Import;

/// <summary>
/// <c>POST /import</c>: a POA file (.xlsx, .txt, .tsv) as multipart/form-data, streamed to a temporary file (never held
/// whole in memory), read, and with <c>dryRun=false</c> saved department by department. Answers what importPoa answers.
/// With <c>Accept: application/x-ndjson</c> the answer is one JSON object per line: progress while the departments are
/// saved (<c>{"progress":{...}}</c>), then the payload.
/// </summary>
internal static class ImportUploadEndpoint
{
    public const string NdJson = "application/x-ndjson";

    private static readonly JsonWriterOptions Compact = new() { Indented = false };

    public static async Task HandleAsync(HttpContext context, PoaAuthorization authorization, IOptions<ImportOptions> options,
        PoaImporter importer, ExportSources sources, PoaTelemetry telemetry, CancellationToken cancellationToken)
    {
        var municipality = Slugs.From(context.Request.Query["municipality"].FirstOrDefault() ?? "zacatecas");
        // Who may import into the municipality is known before a byte of the file is read.
        if (await AuthorizeAsync(context, authorization, municipality) is not { } editor)
            return;

        var limit = options.Value.MaxUploadBytes;
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, GraphQL.PoaErrors.BadRequest,
                "POST /import takes multipart/form-data with the file in a part named \"file\" (curl -F file=@poa.xlsx).");
            return;
        }
        // The multipart envelope adds a little to the file; the file itself is counted exactly below.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit + 1024 * 1024;
        if (request.ContentLength > limit + 1024 * 1024)
        {
            await TooLargeAsync(context, limit);
            return;
        }

        var dryRun = IsTrue(request.Query["dryRun"].FirstOrDefault());
        var approved = IsTrue(request.Query["approved"].FirstOrDefault());
        var language = request.Query["language"].FirstOrDefault() is { } lang && lang.StartsWith("es", StringComparison.OrdinalIgnoreCase)
            ? FindingLanguage.Spanish
            : FindingLanguage.English;

        await using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"poa-upload-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        string? fileName = null;
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            for (var section = await reader.ReadNextSectionAsync(cancellationToken); section is not null; section = await reader.ReadNextSectionAsync(cancellationToken))
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                    continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (disposition.IsFileDisposition() && name == "file" && fileName is null)
                {
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileName.HasValue ? disposition.FileName : disposition.FileNameStar).Value ?? "poa";
                    if (!await Hosting.BoundedCopy.CopyAsync(section.Body, file, limit, hash: null, cancellationToken))
                    {
                        await TooLargeAsync(context, limit);
                        return;
                    }
                }
                else if (!disposition.IsFileDisposition())
                {
                    using var value = new StreamReader(section.Body);
                    var text = (await value.ReadToEndAsync(cancellationToken)).Trim();
                    if (name == "municipality" && text.Length > 0)
                        municipality = Slugs.From(text);
                    else if (name == "dryRun")
                        dryRun = IsTrue(text);
                    else if (name == "approved")
                        approved = IsTrue(text);
                    else if (name == "language" && text.StartsWith("es", StringComparison.OrdinalIgnoreCase))
                        language = FindingLanguage.Spanish;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException)
        {
            await RefuseAsync(context, e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
                GraphQL.PoaErrors.BadRequest, $"The upload could not be read as multipart/form-data: {e.Message}");
            return;
        }
        if (fileName is null)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, GraphQL.PoaErrors.BadRequest, "The form has no file part named \"file\".");
            return;
        }

        // A form field may name another municipality than the query did: it is authorised again.
        if (await AuthorizeAsync(context, authorization, municipality) is not { } importer2)
            return;
        editor = importer2;

        file.Position = 0;
        PoaDocument document;
        try
        {
            document = PoaReader.ReadWithSource(file, fileName).Document;
        }
        catch (PoaFormatException e)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteAsync(context, json => ImportAnswer.WriteErrors(json, [ImportAnswer.FormatError(e)]), "application/json");
            return;
        }
        telemetry.Import(dryRun, document.Findings.Select(f => f.Code));

        var streaming = request.Headers.Accept.Any(a => a?.Contains(NdJson, StringComparison.OrdinalIgnoreCase) == true);
        var errors = new List<(string, Dictionary<string, object?>)>();
        var imported = 0;
        CityFigures? poa = null;
        if (streaming)
        {
            context.Response.ContentType = NdJson;
            await LineAsync(context, json => Progress(json, "read", 0, document.Departments.Count, document.Totals.Actions, null));
        }
        if (!dryRun)
        {
            try
            {
                authorization.EnsureWritable(municipality, document.Year);
            }
            catch (ExecutionError e)
            {
                await RefuseAsync(context, StatusCodes.Status404NotFound, e.Code!, e.Message);
                return;
            }
            // Departments side by side as the importer takes them; each one's end is a progress line.
            var result = await importer.ImportAsync(municipality, document, editor, clientMutationId: null, approved,
                streaming ? (p, ct) => new ValueTask(LineAsync(context, json => Progress(json, "saved", p.DepartmentsDone, p.Departments, p.ImportedActions, p.Department))) : null,
                cancellationToken);
            imported = result.ImportedActions;
            errors.AddRange(result.Failures.Select(ImportMutations.Error).Select(Refusal));
            poa = await sources.CityFiguresAsync(municipality, document.Year);
        }
        else
        {
            errors.AddRange(ImportMutations.WouldRefuse(municipality, document).Select(Refusal));
        }

        void Payload(Utf8JsonWriter json) => ImportAnswer.WritePayload(json, document, dryRun, imported, poa, language, errors);
        if (streaming)
            await LineAsync(context, Payload);
        else
            await WriteAsync(context, Payload, "application/json");
    }

    /// <summary>importPoa's error for a part of the document not stored (or that would not be), as this endpoint writes
    /// it: the code first, then its field, its place (department, action number, key) and whatever else it says.</summary>
    private static (string Message, Dictionary<string, object?> Extensions) Refusal(ExecutionError error)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        foreach (var (key, value) in error.Extensions ?? [])
            extensions[key] = value;
        return (error.Message, extensions);
    }

    private static void Progress(Utf8JsonWriter json, string stage, int done, int of, int actions, string? department)
    {
        json.WriteStartObject();
        json.WriteStartObject("progress");
        json.WriteString("stage", stage);
        json.WriteNumber("departmentsDone", done);
        json.WriteNumber("departments", of);
        json.WriteNumber("actions", actions);
        if (department is not null)
            json.WriteString("department", department);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static bool IsTrue(string? value) => value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" || value.Equals("on", StringComparison.OrdinalIgnoreCase));

    private static Task TooLargeAsync(HttpContext context, long limit) =>
        RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, GraphQL.PoaErrors.BadRequest,
            $"The file is larger than {limit:N0} bytes (Import:MaxUploadBytes). Split the POA by department, or raise the limit.");

    public static async Task RefuseAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        await WriteAsync(context, json => ImportAnswer.WriteErrors(json, [(message, new Dictionary<string, object?> { ["code"] = code })]), "application/json");
    }

    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write, string contentType)
    {
        context.Response.ContentType = contentType;
        await using (var json = new Utf8JsonWriter(context.Response.Body, Compact))
            write(json);
        await context.Response.Body.FlushAsync();
    }

    private static async Task LineAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        await using (var json = new Utf8JsonWriter(context.Response.Body, Compact))
            write(json);
        await context.Response.Body.WriteAsync("\n"u8.ToArray());
        await context.Response.Body.FlushAsync();
    }

    /// <summary>The importing editor, or null after answering 401, 403 or 404 (unknown municipality).</summary>
    private static async Task<Editor?> AuthorizeAsync(HttpContext context, PoaAuthorization authorization, string municipality)
    {
        try
        {
            return authorization.EnsureCanImport(context.User, municipality);
        }
        catch (ExecutionError e)
        {
            var status = e.Code switch
            {
                PoaAuthorization.Unauthenticated => StatusCodes.Status401Unauthorized,
                ErrorCodes.NotFound => StatusCodes.Status404NotFound,
                _ => StatusCodes.Status403Forbidden,
            };
            await RefuseAsync(context, status, e.Code!, e.Message);
            return null;
        }
    }
}
