using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PoaPlatform.Bench.Hosting;

/// <summary>POSTs GraphQL requests to one server over keep-alive HTTP/1.1 connections (one per concurrent client).</summary>
public sealed class GraphQLClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    public GraphQLClient(Uri baseAddress, string? token = null, TimeSpan? timeout = null)
    {
        _http = LoadClient(timeout ?? TimeSpan.FromSeconds(60));
        if (token is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _endpoint = new Uri(baseAddress, "/graphql");
    }

    /// <summary>An HTTP client for a closed loop against one loopback server: keep-alive HTTP/1.1, a connection per
    /// concurrent request, no proxy, no decompression.</summary>
    public static HttpClient LoadClient(TimeSpan timeout) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
    })
    {
        Timeout = timeout,
        DefaultRequestVersion = HttpVersion.Version11,
    };

    /// <summary>The JSON body of a request, built once and sent many times.</summary>
    public static byte[] Body(string query, object? variables = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?> { ["query"] = query, ["variables"] = variables });

    /// <summary>Sends a prepared body; returns the status and the raw answer.</summary>
    public async Task<(HttpStatusCode Status, byte[] Body)> PostAsync(byte[] body, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync(_endpoint, content, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    /// <summary>Sends a request and returns its <c>data</c>; throws with the answer when it carries errors.</summary>
    public async Task<JsonNode> QueryAsync(string query, object? variables = null, CancellationToken cancellationToken = default)
    {
        var (status, body) = await PostAsync(Body(query, variables), cancellationToken);
        var answer = JsonNode.Parse(body) ?? throw new InvalidOperationException($"Empty answer ({(int)status}).");
        if (status != HttpStatusCode.OK || answer["errors"] is JsonArray { Count: > 0 })
            throw new InvalidOperationException($"GraphQL answered {(int)status}: {Shorten(Encoding.UTF8.GetString(body))}");
        return answer["data"]!;
    }

    public static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "...";

    public void Dispose() => _http.Dispose();
}
