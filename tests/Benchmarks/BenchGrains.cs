namespace GridDispatch.Benchmarks;

/// <summary>The smallest useful grain: what Orleans itself costs per activation and per call.</summary>
[Alias("GridDispatch.Benchmarks.IPingGrain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    [Alias("Ping")] Task<int> Ping(int value);
}

public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value + 1);
}

/// <summary>A grain that persists a small, lamp-sized state on every call: what a durable write costs.</summary>
[Alias("GridDispatch.Benchmarks.IDurableCounterGrain")]
public interface IDurableCounterGrain : IGrainWithIntegerKey
{
    [Alias("Record")] Task Record(double reading);
}

public sealed class DurableCounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, IDurableCounterGrain
{
    public Task Record(double reading)
    {
        state.State.Count++;
        state.State.Last = reading;
        state.State.Total += reading;
        return state.WriteStateAsync();
    }
}

[GenerateSerializer, Alias("GridDispatch.Benchmarks.CounterState")]
public sealed class CounterState
{
    [Id(0)] public long Count { get; set; }
    [Id(1)] public double Last { get; set; }
    [Id(2)] public double Total { get; set; }
    [Id(3)] public string Township { get; set; } = "yimen";
}
