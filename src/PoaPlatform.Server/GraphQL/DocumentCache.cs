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
/// is checked again only by what its variables can change: the rules that look at argument values (when the schema
/// has any), the complexity analyzer (when a page size or a directive's condition is a variable:
/// <see cref="PoaComplexity.DependsOnVariables"/>),
/// and the rules registered for cached documents that apply to the request (<see cref="ICachedDocumentRule"/>). With
/// none of them, validation only reads the variables and the arguments: no walk of the document by the rules.
/// </summary>
/// <remarks>A document is kept the second time its text executes (decision 0028): a text sent once (a query written by
/// hand, or a client that changes its text on every request) leaves only its hash behind, not its tree. Keeping every
/// text left about 180 MB more in the oldest generation after the heavy-documents benchmark, and a server that spent a
/// quarter more processor per report afterwards. The texts kept are bounded in number and in characters.</remarks>
public sealed class DocumentCache : IConfigureExecution
{
    /// <summary>Longer query texts are not kept (a POA inlined in a query string is sent once).</summary>
    public const int MaxQueryLength = 16 * 1024;

    /// <summary>At most this many documents are kept; when full, the cache starts over.</summary>
    public const int Capacity = 1000;

    /// <summary>At most this many characters of query text are kept (a document's tree takes several times its
    /// text); when a text would go past it, the cache starts over.</summary>
    public const int TextBudget = 512 * 1024;

    /// <summary>Texts executed once are remembered by their hash, at most this many (then forgotten all at once).</summary>
    public const int SeenOnceCapacity = 10_000;

    private readonly ConcurrentDictionary<string, Known> _documents = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();
    private readonly HashSet<int> _seenOnce = [];
    private int _keptText;

    /// <summary>After the options are set (100), before the telemetry and the executer run.</summary>
    public float SortOrder => 150;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(next);
        if (options.Document is not null || options.Query is not { } query)
            return await next(options);

        _documents.TryGetValue(query, out var known);
        if (known is not null)
        {
            options.Document = known.Document;
            // Known before the complexity rule runs again: the operation gate decides on it first.
            options.UserContext[HeavyOperationGate.ComplexityKey] = known.Complexity;
            var services = options.RequestServices ?? throw new InvalidOperationException("GraphQL executes with request services.");
            var rules = new List<IValidationRule>();
            if (options.Schema?.GetMetadata<bool>(FieldArgumentsAreValidRule.HAS_FIELD_ARGUMENT_VALIDATION_KEY) != false)
                rules.Add(FieldArgumentsAreValidRule.Instance);
            if (known.ComplexityVaries)
                rules.Add(services.GetRequiredService<ComplexityValidationRule>());
            foreach (var rule in options.CachedDocumentValidationRules ?? [])
            {
                if (rule is not ICachedDocumentRule some || some.AppliesTo(options))
                    rules.Add(rule);
            }
            options.ValidationRules = rules;
        }
        var result = await next(options);
        if (known is null && result.Executed && result.Document is { } validated && query.Length <= MaxQueryLength &&
            options.UserContext.TryGetValue(HeavyOperationGate.ComplexityKey, out var complexity) && complexity is double value)
            Admit(query, validated, value);
        return result;
    }

    /// <summary>Whether the document of this text is kept (for the tests).</summary>
    internal bool Holds(string query) => _documents.ContainsKey(query);

    /// <summary>Keeps a validated document the second time its text executed; the first time, only its hash.</summary>
    private void Admit(string query, GraphQLDocument document, double complexity)
    {
        var hash = StringComparer.Ordinal.GetHashCode(query);
        lock (_admission)
        {
            if (!_seenOnce.Remove(hash))
            {
                if (_seenOnce.Count >= SeenOnceCapacity)
                    _seenOnce.Clear();
                _seenOnce.Add(hash);
                return;
            }
            if (_documents.Count >= Capacity || _keptText + query.Length > TextBudget)
            {
                _documents.Clear();
                _keptText = 0;
            }
            if (_documents.TryAdd(query, new Known(document, complexity, PoaComplexity.DependsOnVariables(document))))
                _keptText += query.Length;
        }
    }

    private sealed record Known(GraphQLDocument Document, double Complexity, bool ComplexityVaries);
}

/// <summary>A rule registered for cached documents that only some requests need (<see cref="DocumentCache"/> leaves it
/// out of the others, so that a cached document needs no walk at all).</summary>
public interface ICachedDocumentRule : IValidationRule
{
    bool AppliesTo(ExecutionOptions options);
}
