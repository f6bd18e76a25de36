using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using Microsoft.Extensions.Options;

namespace PoaPlatform.Server.GraphQL;

/// <summary>
/// Heavy operations take turns, so that they leave cores to the cheap reads dashboards poll: at most
/// <see cref="GraphQLOptions.HeavyOperations"/> run at once. An operation is heavy when its complexity is above
/// <see cref="GraphQLOptions.HeavyComplexity"/> (it waits for its turn once validation has computed it, before it
/// executes; a cached document's complexity is known at once) or when it is a new document of more than
/// <see cref="HeavyDocumentFields"/> field selections (its validation is the expensive part, so it waits before it).
/// Cheap operations never wait; waiting counts within the time limit (<c>TIMEOUT</c>).
/// </summary>
public sealed class HeavyOperationGate : IConfigureExecution, IDisposable
{
    /// <summary>Where the complexity of a cached document travels, from the cache to the gate.</summary>
    public const string ComplexityKey = "poa.complexity";

    /// <summary>Where DocumentLimits leaves a new document's field count.</summary>
    public const string FieldsKey = "poa.fields";

    /// <summary>New documents with more field selections than this are heavy to validate.</summary>
    public const int HeavyDocumentFields = 100;

    private const string TurnKey = "poa.turn";

    private readonly SemaphoreSlim _turns;
    private readonly double _heavy;

    public HeavyOperationGate(IOptions<GraphQLOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _heavy = options.Value.HeavyComplexity;
        _turns = new SemaphoreSlim(options.Value.EffectiveHeavyOperations);
    }

    /// <summary>After the document limits (160): refused documents cost nothing and need no turn.</summary>
    public float SortOrder => 170;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(next);
        var heavy = options.UserContext.TryGetValue(ComplexityKey, out var known) && known is double complexity
            ? complexity > _heavy
            : options.UserContext.TryGetValue(FieldsKey, out var counted) && counted is long fields && fields > HeavyDocumentFields;
        var turn = new Turn(this);
        if (heavy && !await turn.TakeAsync(options.Timeout, options.CancellationToken))
            return new ExecutionResult(new TimeoutError()) { Executed = false };
        options.UserContext[TurnKey] = turn;
        try
        {
            return await next(options);
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>Called by the complexity analyzer with an accepted document's complexity: a heavy one waits for its
    /// turn here, between validation and execution (the validation's token carries the time limit).</summary>
    public static Task OnComplexityAsync(IDictionary<string, object?> userContext, double complexity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userContext);
        userContext[ComplexityKey] = complexity;
        return userContext.TryGetValue(TurnKey, out var value) && value is Turn turn && complexity > turn.Gate._heavy
            ? turn.TakeAsync(Timeout.InfiniteTimeSpan, cancellationToken)
            : Task.CompletedTask;
    }

    public void Dispose() => _turns.Dispose();

    /// <summary>One operation's turn: taken at most once, released once.</summary>
    private sealed class Turn(HeavyOperationGate gate)
    {
        private int _held;

        public HeavyOperationGate Gate => gate;

        public async Task<bool> TakeAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _held) == 1)
                return true;
            if (!await gate._turns.WaitAsync(timeout, cancellationToken))
                return false;
            Volatile.Write(ref _held, 1);
            return true;
        }

        public void Release()
        {
            if (Interlocked.Exchange(ref _held, 0) == 1)
                gate._turns.Release();
        }
    }
}
