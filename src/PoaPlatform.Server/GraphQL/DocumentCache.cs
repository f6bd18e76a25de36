using System.Collections.Concurrent;
using GraphQL.Validation;
using GraphQL.Validation.Rules;
using GraphQLParser.AST;

namespace PoaPlatform.Server.GraphQL;

/// <summary>
/// Documents that parsed and validated once, by their query text. Dashboards send the same few queries over and over,
/// and validating a document costs more than executing a totals query; a document from here is checked again only
/// by the rules that look at argument values (which variables may change) and by the complexity analyzer.
/// </summary>
public sealed class DocumentCache
{
    /// <summary>Longer query texts are not kept (a POA inlined in a query string is sent once).</summary>
    public const int MaxQueryLength = 16 * 1024;

    /// <summary>At most this many documents are kept; when full, the cache starts over.</summary>
    public const int Capacity = 1000;

    /// <summary>The rules run on a cached document. The complexity analyzer is added by its own configuration,
    /// as for every document.</summary>
    public static readonly IValidationRule[] CachedDocumentRules = [FieldArgumentsAreValidRule.Instance];

    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);

    public bool TryGet(string query, out GraphQLDocument? document) => _documents.TryGetValue(query, out document);

    /// <summary>Keeps a document that passed validation.</summary>
    public void Add(string query, GraphQLDocument document)
    {
        if (query.Length > MaxQueryLength)
            return;
        if (_documents.Count >= Capacity)
            _documents.Clear();
        _documents.TryAdd(query, document);
    }
}
