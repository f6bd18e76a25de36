using System.ComponentModel.DataAnnotations;

namespace PoaPlatform.Server.GraphQL;

/// <summary>Limits of the GraphQL endpoint (section <c>GraphQL</c>).</summary>
public sealed class GraphQLOptions
{
    public const string Section = "GraphQL";

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Deepest selection accepted (validation error beyond).</summary>
    [Range(1, 100)]
    public int MaxDepth { get; set; } = 15;

    /// <summary>Largest complexity accepted, as graphql-dotnet's complexity analyzer counts it.</summary>
    [Range(1, 100_000_000)]
    public int MaxComplexity { get; set; } = 1_000_000;

    /// <summary>Longest execution; past it the answer is an error with code TIMEOUT.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
