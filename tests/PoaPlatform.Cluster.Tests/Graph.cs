using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PoaPlatform.Testing;

namespace PoaPlatform.Cluster.Tests;

/// <summary>GraphQL over HTTP with a Bearer token, to one server process.</summary>
internal static class Graph
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(15) };

    public static async Task<JsonNode> SendAsync(ServerProcess server, string token, string query, object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, "/graphql"))
        {
            Content = JsonContent.Create(new { query, variables }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await s_http.SendAsync(request);
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    public static async Task<JsonNode> DataAsync(ServerProcess server, string token, string query)
    {
        var response = await SendAsync(server, token, query);
        Assert.True(response["errors"] is null, response.ToJsonString());
        return response["data"]!;
    }
}
