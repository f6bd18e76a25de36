using System.Buffers;
using System.Net.Mime;
using System.Text;
using GraphQL;
using GraphQL.Transport;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace PoaPlatform.Server.GraphQL;

/// <summary>GraphQL over HTTP (the GraphQL-over-HTTP spec): POST with a JSON body, GET for queries, the schema as SDL.</summary>
public static class GraphQLHttpEndpoint
{
    public const string GraphQLResponseJson = "application/graphql-response+json";

    public static IEndpointRouteBuilder MapGraphQLEndpoint(this IEndpointRouteBuilder endpoints, string pattern = "/graphql")
    {
        endpoints.MapGet($"{pattern}/schema.graphql", (PoaSchema schema) =>
            Results.Text(schema.Print(), "text/plain", Encoding.UTF8));
        endpoints.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Post], HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext http)
    {
        var mediaType = ChooseMediaType(http.Request);
        if (mediaType is null)
        {
            await WriteErrorAsync(http, MediaTypeNames.Application.Json, StatusCodes.Status406NotAcceptable, PoaErrors.BadRequest,
                $"Accept {GraphQLResponseJson} or {MediaTypeNames.Application.Json}.");
            return;
        }

        var (request, failure) = HttpMethods.IsPost(http.Request.Method)
            ? await ReadPostAsync(http)
            : ReadGet(http);
        if (failure is not null)
        {
            await WriteErrorAsync(http, mediaType, failure.Status, failure.Code, failure.Message);
            return;
        }

        var options = request!.ToExecutionOptions(http.User, http.RequestServices, http.RequestAborted);
        if (HttpMethods.IsGet(http.Request.Method))
            options.UserContext[QueriesOnlyOverGetRule.HttpGetKey] = true;
        var result = await http.RequestServices.GetRequiredService<IDocumentExecuter<PoaSchema>>().ExecuteAsync(options);
        if (!result.Executed && result.Errors?.Any(e => e.Code == QueriesOnlyOverGetRule.Code) == true)
        {
            http.Response.Headers.Allow = HttpMethods.Post;
            await WriteErrorAsync(http, mediaType, StatusCodes.Status405MethodNotAllowed, PoaErrors.BadRequest,
                "Mutations are sent with POST; GET runs queries only.");
            return;
        }

        // A request error (the document did not parse or validate) is 400 with the spec's own media type; with
        // application/json the spec keeps 200 for legacy clients.
        var status = !result.Executed && mediaType == GraphQLResponseJson
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status200OK;
        var body = await http.RequestServices.GetRequiredService<ResponseWriter>().SerializeAsync(result, http.RequestAborted);
        http.Response.StatusCode = status;
        http.Response.ContentType = $"{mediaType}; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>graphql-response+json when the client accepts it at least as well as JSON; JSON when nothing is said.</summary>
    internal static string? ChooseMediaType(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
            return MediaTypeNames.Application.Json;
        double graphQL = 0, json = 0, wildcard = 0;
        foreach (var value in accept)
        {
            var quality = value.Quality ?? 1;
            if (value.MediaType.Equals(GraphQLResponseJson, StringComparison.OrdinalIgnoreCase))
                graphQL = Math.Max(graphQL, quality);
            else if (value.MediaType.Equals(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase))
                json = Math.Max(json, quality);
            else if (value.MediaType.Equals("*/*", StringComparison.Ordinal) || value.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase))
                wildcard = Math.Max(wildcard, quality);
        }
        if (graphQL > 0 && graphQL >= json)
            return GraphQLResponseJson;
        if (json > 0 || wildcard > 0)
            return MediaTypeNames.Application.Json;
        return null;
    }

    private static async Task<(GraphQLRequest? Request, HttpFailure? Failure)> ReadPostAsync(HttpContext http)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase))
        {
            return (null, new HttpFailure(StatusCodes.Status415UnsupportedMediaType, PoaErrors.BadRequest,
                "Send the request as application/json."));
        }

        var limit = http.RequestServices.GetRequiredService<IOptions<GraphQLOptions>>().Value.MaxRequestBytes;
        if (http.Request.ContentLength > limit)
            return (null, TooLarge(limit));
        var body = await ReadLimitedTextAsync(http.Request.Body, http.Request.ContentLength, limit, http.RequestAborted);
        if (body is null)
            return (null, TooLarge(limit));

        GraphQLRequest? request;
        try
        {
            request = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>().Deserialize<GraphQLRequest>(body);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            return (null, new HttpFailure(StatusCodes.Status400BadRequest, PoaErrors.BadRequest, "The body is not a GraphQL request in JSON."));
        }
        return Check(request);
    }

    private static (GraphQLRequest? Request, HttpFailure? Failure) ReadGet(HttpContext http)
    {
        var query = http.Request.Query;
        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        try
        {
            return Check(new GraphQLRequest
            {
                Query = query["query"],
                OperationName = query["operationName"] is { Count: > 0 } name ? name.ToString() : null,
                Variables = query["variables"] is { Count: > 0 } variables ? serializer.Deserialize<Inputs>(variables.ToString()) : null,
                Extensions = query["extensions"] is { Count: > 0 } extensions ? serializer.Deserialize<Inputs>(extensions.ToString()) : null,
            });
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            return (null, new HttpFailure(StatusCodes.Status400BadRequest, PoaErrors.BadRequest, "The variables or extensions are not JSON objects."));
        }
    }

    private static (GraphQLRequest? Request, HttpFailure? Failure) Check(GraphQLRequest? request) =>
        string.IsNullOrWhiteSpace(request?.Query)
            ? (null, new HttpFailure(StatusCodes.Status400BadRequest, PoaErrors.BadRequest, "The request has no query."))
            : (request, null);

    private static HttpFailure TooLarge(int limit) =>
        new(StatusCodes.Status413PayloadTooLarge, PoaErrors.BadRequest, $"The request is larger than {limit} bytes.");

    /// <summary>The body as UTF-8 text, or null when it is longer than <paramref name="limit"/>: never buffers more than
    /// that. The bytes are read into a pooled buffer (the size the request announced, else growing by doubling), so a
    /// request allocates only its text.</summary>
    private static async Task<string?> ReadLimitedTextAsync(Stream body, long? announced, int limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(announced ?? 4096, 1, limit) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                // Full: the limit is not reached yet (a read past it returned below), so the buffer can grow.
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, limit + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                    return Encoding.UTF8.GetString(buffer, 0, length);
                length += read;
                if (length > limit)
                    return null;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task WriteErrorAsync(HttpContext http, string mediaType, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = $"{mediaType}; charset=utf-8";
        var serializer = http.RequestServices.GetRequiredService<IGraphQLSerializer>();
        var result = new ExecutionResult { Executed = false };
        result.AddError(PoaErrors.Of(code, message));
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private sealed record HttpFailure(int Status, string Code, string Message);
}
