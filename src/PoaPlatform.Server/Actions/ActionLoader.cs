using GraphQL.DataLoader;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;

namespace PoaPlatform.Server.Actions;

/// <summary>Per request: collects the action keys that the fields of one execution level ask for, then reads them
/// with one call per action grain, all started together; every later field of the request reuses the answers.</summary>
/// <remarks>graphql-dotnet resolves every field of a level before it awaits any <see cref="IDataLoaderResult"/>, so the
/// first field that awaits dispatches the whole level's keys at once.</remarks>
public sealed class ActionLoader(IGrainFactory grains)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Task<ActionSnapshot?>> _requested = new(StringComparer.Ordinal);
    private Dictionary<string, TaskCompletionSource<ActionSnapshot?>> _pending = new(StringComparer.Ordinal);
    private int _grainCalls;

    /// <summary>How many grain reads this request made (one per distinct action).</summary>
    public int GrainCalls => Volatile.Read(ref _grainCalls);

    public IDataLoaderResult<ActionSnapshot?> Load(string actionKey)
    {
        lock (_lock)
        {
            if (!_requested.TryGetValue(actionKey, out var task))
            {
                var source = new TaskCompletionSource<ActionSnapshot?>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending[actionKey] = source;
                _requested[actionKey] = task = source.Task;
            }
            return new Result(this, task);
        }
    }

    /// <summary>Remembers what a command just returned, so the payload's fields need no second read.</summary>
    public void Prime(ActionSnapshot snapshot)
    {
        lock (_lock)
        {
            _pending.Remove(snapshot.Key);
            _requested[snapshot.Key] = Task.FromResult<ActionSnapshot?>(snapshot);
        }
    }

    private Task DispatchAsync()
    {
        Dictionary<string, TaskCompletionSource<ActionSnapshot?>> batch;
        lock (_lock)
        {
            if (_pending.Count == 0)
                return Task.CompletedTask;
            batch = _pending;
            _pending = new(StringComparer.Ordinal);
        }
        Interlocked.Add(ref _grainCalls, batch.Count);
        return Task.WhenAll(batch.Select(async pending =>
        {
            try
            {
                pending.Value.SetResult(await grains.Grain<IActionGrain>(pending.Key).GetAsync());
            }
            catch (Exception e)
            {
                pending.Value.SetException(e);
            }
        }));
    }

    private sealed class Result(ActionLoader loader, Task<ActionSnapshot?> task) : IDataLoaderResult<ActionSnapshot?>
    {
        public async Task<ActionSnapshot?> GetResultAsync(CancellationToken cancellationToken = default)
        {
            if (!task.IsCompleted)
                await loader.DispatchAsync();
            return await task.WaitAsync(cancellationToken);
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}
