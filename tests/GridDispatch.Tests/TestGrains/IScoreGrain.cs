namespace GridDispatch.Tests.TestGrains;

/// <summary>A grain with durable state, to prove a storage provider keeps what it acknowledged.</summary>
[Alias("GridDispatch.Tests.IScoreGrain")]
public interface IScoreGrain : IGrainWithStringKey
{
    [Alias("Add")] Task<int> Add(int points, string note);
    [Alias("Get")] Task<ScoreState> Get();
    [Alias("Where")] Task<string> Where();
}

[GenerateSerializer, Alias("GridDispatch.Tests.ScoreState")]
public sealed class ScoreState
{
    [Id(0)] public int Total { get; set; }
    [Id(1)] public List<string> Notes { get; set; } = [];
}

public sealed class ScoreGrain([PersistentState("score")] IPersistentState<ScoreState> state, ILocalSiloDetails silo) : Grain, IScoreGrain
{
    public async Task<int> Add(int points, string note)
    {
        state.State.Total += points;
        state.State.Notes.Add(note);
        await state.WriteStateAsync();
        return state.State.Total;
    }

    public Task<ScoreState> Get() => Task.FromResult(state.State);

    public Task<string> Where() => Task.FromResult(silo.SiloAddress.ToString());
}
