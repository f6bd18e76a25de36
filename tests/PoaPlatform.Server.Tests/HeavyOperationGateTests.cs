using GraphQL;
using GraphQL.Execution;
using Microsoft.Extensions.Options;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Tests;

/// <summary>Heavy operations take turns; cheap ones never wait (the gate itself, with operations that end when told).</summary>
public sealed class HeavyOperationGateTests
{
    private static readonly ExecutionResult s_done = new() { Executed = true };

    [Fact]
    public async Task AHeavyOperationWaitsForItsTurnWhileCheapOnesPass()
    {
        using var gate = new HeavyOperationGate(Options.Create(new GraphQLOptions { HeavyOperations = 1, HeavyComplexity = 2000 }));
        var first = new TaskCompletionSource<ExecutionResult>();
        var running = gate.ExecuteAsync(Operation(complexity: 5000), _ => first.Task);

        var cheap = await gate.ExecuteAsync(Operation(complexity: 100), _ => Task.FromResult(s_done)).WaitAsync(TimeSpan.FromSeconds(5));
        var second = await gate.ExecuteAsync(Operation(complexity: 5000, timeout: TimeSpan.FromMilliseconds(200)), _ => Task.FromResult(s_done));
        var bigNewDocument = await gate.ExecuteAsync(Operation(fields: 400, timeout: TimeSpan.FromMilliseconds(200)), _ => Task.FromResult(s_done));
        var smallNewDocument = await gate.ExecuteAsync(Operation(fields: 20), _ => Task.FromResult(s_done)).WaitAsync(TimeSpan.FromSeconds(5));
        first.SetResult(s_done);
        await running;
        var third = await gate.ExecuteAsync(Operation(complexity: 5000), _ => Task.FromResult(s_done)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Same(s_done, cheap);
        Assert.IsType<TimeoutError>(Assert.Single(second.Errors!));
        Assert.IsType<TimeoutError>(Assert.Single(bigNewDocument.Errors!));
        Assert.Same(s_done, smallNewDocument);
        Assert.Same(s_done, third);
    }

    [Fact]
    public async Task ANewDocumentFoundHeavyByItsComplexityWaitsBeforeItExecutesAndGivesItsTurnBack()
    {
        using var gate = new HeavyOperationGate(Options.Create(new GraphQLOptions { HeavyOperations = 1, HeavyComplexity = 2000 }));
        var release = new TaskCompletionSource<ExecutionResult>();
        var holder = gate.ExecuteAsync(Operation(complexity: 9000), _ => release.Task);
        var validated = false;

        // A small new document passes the gate; its complexity, known during validation, makes it wait for a turn.
        var waiting = gate.ExecuteAsync(Operation(fields: 10), async options =>
        {
            await HeavyOperationGate.OnComplexityAsync(options.UserContext, 15_000, CancellationToken.None);
            validated = true;
            return s_done;
        });
        await Task.Delay(200);
        Assert.False(validated);
        release.SetResult(s_done);
        await holder;
        Assert.Same(s_done, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(validated);
        // The turn it took is back: another heavy operation gets one at once.
        Assert.Same(s_done, await gate.ExecuteAsync(Operation(complexity: 9000), _ => Task.FromResult(s_done)).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    private static ExecutionOptions Operation(double? complexity = null, long? fields = null, TimeSpan? timeout = null)
    {
        var options = new ExecutionOptions { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (complexity is { } known)
            options.UserContext[HeavyOperationGate.ComplexityKey] = known;
        if (fields is { } count)
            options.UserContext[HeavyOperationGate.FieldsKey] = count;
        return options;
    }
}
