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

    /// <summary>Largest complexity accepted: about the number of values the answer can hold, with every list counted
    /// at its page size (<c>first</c>) or its bound in the domain, and each POA read and audit query charged extra
    /// (<see cref="PoaComplexity"/>, docs/decisions/0007). Beyond it: COMPLEXITY.</summary>
    [Range(1, 100_000_000)]
    public int MaxComplexity { get; set; } = 20_000;

    /// <summary>Most tokens (names, punctuation, values) a document may have; counted before it is parsed.</summary>
    [Range(10, 1_000_000)]
    public int MaxTokens { get; set; } = 5_000;

    /// <summary>Most field selections a document may have, with every fragment counted where it is spread; counted
    /// before validation, whose cost grows with the square of same-named fields.</summary>
    [Range(1, 100_000)]
    public int MaxFields { get; set; } = 500;

    /// <summary>Most times one response name may be selected in one selection set, fragments included: validation
    /// compares same-named fields pairwise.</summary>
    [Range(1, 10_000)]
    public int MaxFieldRepeats { get; set; } = 10;

    /// <summary>Deepest nesting of the parser's syntax tree (selections, list and object values).</summary>
    [Range(8, 1_000)]
    public int MaxParserDepth { get; set; } = 64;

    /// <summary>Largest answer, in bytes of JSON; a larger one is replaced by a RESPONSE_TOO_LARGE error.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Operations above this complexity (and documents not yet validated once) are heavy: they take turns
    /// (<see cref="HeavyOperations"/>) so that cheap reads always find a free core.</summary>
    [Range(0, 100_000_000)]
    public int HeavyComplexity { get; set; } = 2_000;

    /// <summary>Heavy operations that may run at once; 0 means one less than the processors (at least one).</summary>
    [Range(0, 1_000)]
    public int HeavyOperations { get; set; }

    public int EffectiveHeavyOperations => HeavyOperations > 0 ? HeavyOperations : Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Longest validation and execution of one operation; past it the answer is an error with code TIMEOUT.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
