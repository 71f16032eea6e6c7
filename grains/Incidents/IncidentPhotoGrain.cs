namespace GridDispatch.Grains.Incidents;

[GenerateSerializer, Alias("GridDispatch.Incidents.IncidentPhotoState")]
public sealed class IncidentPhotoState
{
    [Id(0)] public IncidentPhoto? Photo { get; set; }
}

public sealed class IncidentPhotoGrain([PersistentState("incident-photo")] IPersistentState<IncidentPhotoState> state) : Grain, IIncidentPhotoGrain
{
    public const int MaxBytes = 1_048_576;

    public async Task<bool> Attach(IncidentPhoto photo)
    {
        if (state.State.Photo is not null || photo.Bytes.Length is 0 or > MaxBytes) return false;
        state.State.Photo = photo;
        await state.WriteStateAsync();
        return true;
    }

    public Task<IncidentPhoto?> Get() => Task.FromResult(state.State.Photo);
}
