using System.Collections.Concurrent;
using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;
using GraphQL.Validation.Rules.Custom;
using GraphQL.Validation.Rules;
using GraphQLParser.AST;

namespace PoaPlatform.Server.GraphQL;

/// <summary>
/// Documents that parsed and validated once, by their query text, for every transport. Dashboards send the same few
/// queries over and over, and validating a document costs more than executing a totals query; a document from here
/// is checked again only by the rules that look at argument and variable values, the complexity analyzer, and the
/// rules registered for cached documents (queries only over GET).
/// </summary>
public sealed class DocumentCache : IConfigureExecution
{
    /// <summary>Longer query texts are not kept (a POA inlined in a query string is sent once).</summary>
    public const int MaxQueryLength = 16 * 1024;

    /// <summary>At most this many documents are kept; when full, the cache starts over.</summary>
    public const int Capacity = 1000;

    private readonly ConcurrentDictionary<string, (GraphQLDocument Document, double Complexity)> _documents = new(StringComparer.Ordinal);

    /// <summary>After the options are set (100), before the telemetry and the executer run.</summary>
    public float SortOrder => 150;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(next);
        if (options.Document is not null || options.Query is not { } query)
            return await next(options);

        var cached = _documents.TryGetValue(query, out var known);
        if (cached)
        {
            options.Document = known.Document;
            // Known before the complexity rule runs again: the operation gate decides on it first.
            options.UserContext[HeavyOperationGate.ComplexityKey] = known.Complexity;
            var services = options.RequestServices ?? throw new InvalidOperationException("GraphQL executes with request services.");
            options.ValidationRules =
            [
                FieldArgumentsAreValidRule.Instance,
                services.GetRequiredService<ComplexityValidationRule>(),
                .. options.CachedDocumentValidationRules ?? [],
            ];
        }
        var result = await next(options);
        if (!cached && result.Executed && result.Document is { } validated && query.Length <= MaxQueryLength &&
            options.UserContext.TryGetValue(HeavyOperationGate.ComplexityKey, out var complexity) && complexity is double value)
        {
            if (_documents.Count >= Capacity)
                _documents.Clear();
            _documents.TryAdd(query, (validated, value));
        }
        return result;
    }
}
