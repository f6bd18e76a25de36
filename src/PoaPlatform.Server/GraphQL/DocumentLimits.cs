using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;

namespace PoaPlatform.Server.GraphQL;

/// <summary>
/// Every document the cache does not know is measured before graphql-dotnet validates it, since validation costs
/// grow with the document (the rule that fields can be merged compares same-named fields pairwise): at most
/// <see cref="GraphQLOptions.MaxTokens"/> tokens, nesting no deeper than <see cref="GraphQLOptions.MaxParserDepth"/>,
/// at most <see cref="GraphQLOptions.MaxFields"/> field selections with fragments counted where they are spread, no
/// response name more than <see cref="GraphQLOptions.MaxFieldRepeats"/> times in one selection set (the pairwise
/// comparison is then linear). A
/// document beyond them is refused with <see cref="PoaErrors.DocumentTooLarge"/>, one that does not parse with
/// <c>SYNTAX_ERROR</c>, never an unhandled error. Then validation and execution together get the time limit
/// (<see cref="GraphQLOptions.Timeout"/>): graphql-dotnet's own limit stops the execution, and this answers
/// <c>TIMEOUT</c> in time even when validation does not look at its cancellation token.
/// </summary>
public sealed class DocumentLimits(IOptions<GraphQLOptions> options) : IConfigureExecution
{
    /// <summary>How long after the time limit this answers if graphql-dotnet has not: its own timeout wins the race
    /// whenever the execution observes it.</summary>
    private static readonly TimeSpan s_grace = TimeSpan.FromMilliseconds(100);

    private readonly GraphQLOptions _limits = options.Value;

    /// <summary>After the document cache (150): a cached document was measured when it was first parsed.</summary>
    public float SortOrder => 160;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(next);
        if (options.Document is not null || options.Query is not { } query)
            return await next(options);

        var (document, refusal, fields) = Parse(query);
        if (refusal is not null)
            return new ExecutionResult(refusal) { Executed = false };
        options.Document = document;
        options.UserContext[HeavyOperationGate.FieldsKey] = fields;
        return await WithinTimeLimitAsync(options, next);
    }

    /// <summary>The document and its field selections, or why it is refused.</summary>
    public (GraphQLDocument? Document, ExecutionError? Refusal, long Fields) Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            var tokens = CountTokens(query, _limits.MaxTokens);
            if (tokens > _limits.MaxTokens)
                return (null, TooLarge($"The document has more than {_limits.MaxTokens:N0} tokens (GraphQL:MaxTokens); send a smaller one."), 0);
            var document = Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = _limits.MaxParserDepth });
            var fields = FieldCounter.Count(document, _limits.MaxFields);
            if (fields > _limits.MaxFields)
            {
                return (null, TooLarge(
                    $"The document selects more than {_limits.MaxFields:N0} fields, counting each fragment where it is spread (GraphQL:MaxFields); select fewer."), fields);
            }
            if (RepeatFinder.Find(document, _limits.MaxFieldRepeats) is { } repeated)
            {
                return (null, TooLarge(
                    $"The document selects \"{repeated}\" more than {_limits.MaxFieldRepeats} times in one selection set, fragments included (GraphQL:MaxFieldRepeats); select it once or give each an alias."), fields);
            }
            return (document, null, fields);
        }
        catch (GraphQLMaxDepthExceededException)
        {
            return (null, TooLarge($"The document is nested deeper than {_limits.MaxParserDepth} levels (GraphQL:MaxParserDepth), counting selections, lists and objects."), 0);
        }
        catch (GraphQLSyntaxErrorException e)
        {
            return (null, new SyntaxError(e), 0);
        }
    }

    private static int CountTokens(string query, int limit)
    {
        var source = (ROM)query;
        var count = 0;
        var start = 0;
        while (count <= limit)
        {
            var token = Lexer.Lex(source, start);
            if (token.Kind == TokenKind.EOF)
                break;
            count++;
            start = token.End;
        }
        return count;
    }

    private static async Task<ExecutionResult> WithinTimeLimitAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Timeout == Timeout.InfiniteTimeSpan)
            return await next(options);
        // The executer replaces the options' token by its own time limit's once it starts: keep the caller's.
        var caller = options.CancellationToken;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(caller);
        var late = Task.Delay(options.Timeout + s_grace, stop.Token);
        // Validation runs synchronously inside the executer: on a thread of its own (not one of the pool, which two
        // long validations on two cores would starve), so that this one can answer when time is up.
        var work = Task.Factory.StartNew(() => next(options), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        if (await Task.WhenAny(work, late) == work)
        {
            await stop.CancelAsync();
            return await work;
        }
        caller.ThrowIfCancellationRequested();
        // The work sees the same cancelled time limit and ends by itself; its outcome is no longer anyone's.
        _ = work.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return new ExecutionResult(new TimeoutError()) { Executed = false };
    }

    private static ExecutionError TooLarge(string message) => new(message) { Code = PoaErrors.DocumentTooLarge };

    /// <summary>Finds a response name selected too often in one selection set, with inline fragments and spread
    /// fragments at that level taken in. Runs after the field count, which bounds how much the spreads expand.</summary>
    private sealed class RepeatFinder
    {
        private readonly Dictionary<string, GraphQLFragmentDefinition> _fragments = new(StringComparer.Ordinal);
        private readonly int _limit;

        private RepeatFinder(GraphQLDocument document, int limit)
        {
            _limit = limit;
            foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
                _fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
        }

        public static string? Find(GraphQLDocument document, int limit)
        {
            var finder = new RepeatFinder(document, limit);
            foreach (var definition in document.Definitions)
            {
                var selections = definition switch
                {
                    GraphQLOperationDefinition operation => operation.SelectionSet,
                    GraphQLFragmentDefinition fragment => fragment.SelectionSet,
                    _ => null,
                };
                if (finder.Check(selections) is { } name)
                    return name;
            }
            return null;
        }

        private string? Check(GraphQLSelectionSet? selections) =>
            selections is null ? null : Flatten(selections, new Dictionary<string, int>(StringComparer.Ordinal), []) ?? CheckChildren(selections);

        /// <summary>Each field's own selections are a selection set of their own; spread fragments are checked where
        /// they are defined.</summary>
        private string? CheckChildren(GraphQLSelectionSet selections)
        {
            foreach (var selection in selections.Selections)
            {
                var inner = selection switch
                {
                    GraphQLField field => Check(field.SelectionSet),
                    GraphQLInlineFragment inline => CheckChildren(inline.SelectionSet),
                    _ => null,
                };
                if (inner is not null)
                    return inner;
            }
            return null;
        }

        private string? Flatten(GraphQLSelectionSet selections, Dictionary<string, int> names, HashSet<string> spreading)
        {
            foreach (var selection in selections.Selections)
            {
                switch (selection)
                {
                    case GraphQLField field:
                        var name = (field.Alias?.Name ?? field.Name).StringValue;
                        var count = names[name] = names.GetValueOrDefault(name) + 1;
                        if (count > _limit)
                            return name;
                        break;
                    case GraphQLInlineFragment inline when Flatten(inline.SelectionSet, names, spreading) is { } inInline:
                        return inInline;
                    case GraphQLFragmentSpread spread:
                        var fragmentName = spread.FragmentName.Name.StringValue;
                        if (_fragments.TryGetValue(fragmentName, out var fragment) && spreading.Add(fragmentName))
                        {
                            var inFragment = Flatten(fragment.SelectionSet, names, spreading);
                            spreading.Remove(fragmentName);
                            if (inFragment is not null)
                                return inFragment;
                        }
                        break;
                }
            }
            return null;
        }
    }

    /// <summary>Counts field selections, each fragment as often as it is spread, and stops past the limit. A
    /// fragment's count is kept once computed, so fragments spreading fragments cost no more than their text.</summary>
    private sealed class FieldCounter
    {
        private readonly Dictionary<string, GraphQLFragmentDefinition> _fragments = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _counted = new(StringComparer.Ordinal);
        private readonly HashSet<string> _counting = new(StringComparer.Ordinal);
        private readonly long _limit;

        private FieldCounter(GraphQLDocument document, int limit)
        {
            _limit = limit;
            foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
                _fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
        }

        public static long Count(GraphQLDocument document, int limit)
        {
            var counter = new FieldCounter(document, limit);
            long count = 0;
            foreach (var definition in document.Definitions)
            {
                count += definition switch
                {
                    GraphQLOperationDefinition operation => counter.Count(operation.SelectionSet),
                    GraphQLFragmentDefinition fragment => counter.Fragment(fragment.FragmentName.Name.StringValue),
                    _ => 0,
                };
                if (count > limit)
                    break;
            }
            return count;
        }

        private long Count(GraphQLSelectionSet? selections)
        {
            if (selections is null)
                return 0;
            long count = 0;
            foreach (var selection in selections.Selections)
            {
                count += selection switch
                {
                    GraphQLField field => 1 + Count(field.SelectionSet),
                    GraphQLInlineFragment inline => Count(inline.SelectionSet),
                    GraphQLFragmentSpread spread => Fragment(spread.FragmentName.Name.StringValue),
                    _ => 0,
                };
                if (count > _limit)
                    return count;
            }
            return count;
        }

        private long Fragment(string name)
        {
            if (_counted.TryGetValue(name, out var known))
                return known;
            // An unknown fragment or a cycle is for validation to report; it adds nothing here.
            if (!_fragments.TryGetValue(name, out var fragment) || !_counting.Add(name))
                return 0;
            var count = Math.Min(Count(fragment.SelectionSet), _limit + 1);
            _counting.Remove(name);
            _counted[name] = count;
            return count;
        }
    }
}
