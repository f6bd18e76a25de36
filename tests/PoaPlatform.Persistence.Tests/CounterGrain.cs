using Orleans;
using Orleans.Runtime;

namespace PoaPlatform.Persistence.Tests;

/// <summary>Persisted state of the test grain; identified in storage by its [Alias] (Orleans binary serializer).</summary>
[GenerateSerializer]
[Alias("poa.tests.CounterState")]
public sealed class CounterState
{
    [Id(0)] public int Value { get; set; }

    [Id(1)] public string? Note { get; set; }
}

[Alias("poa.tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    [Alias("Add")] Task<int> Add(int amount, string note);

    [Alias("Get")] Task<CounterState> Get();

    [Alias("RecordExists")] Task<bool> RecordExists();

    [Alias("Clear")] Task Clear();
}

public sealed class CounterGrain([PersistentState("counter", PersistenceContract.StorageName)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain
{
    public async Task<int> Add(int amount, string note)
    {
        state.State.Value += amount;
        state.State.Note = note;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<CounterState> Get() => Task.FromResult(state.State);

    public Task<bool> RecordExists() => Task.FromResult(state.RecordExists);

    public Task Clear() => state.ClearStateAsync();
}
