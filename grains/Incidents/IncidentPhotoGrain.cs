namespace GridDispatch.Grains.Incidents;

[GenerateSerializer, Alias("GridDispatch.Incidents.IncidentPhotoState")]
public sealed class IncidentPhotoState
{
    /// <summary>The one photo an incident had before it had a set; moved into <see cref="Photos"/> when read.</summary>
    [Id(0)] public IncidentPhoto? Photo { get; set; }

    [Id(1)] public List<IncidentPhoto> Photos { get; set; } = [];
}

public sealed class IncidentPhotoGrain([PersistentState("incident-photo")] IPersistentState<IncidentPhotoState> state) : Grain, IIncidentPhotoGrain
{
    public const int MaxBytes = 1_048_576;

    /// <summary>A whistle's 3; the phone sends one 到场, 处置前 and 处置后 photo, so an incident keeps at most 12 MB.</summary>
    public const int MaxPerKind = 3;

    private List<IncidentPhoto> Photos
    {
        get
        {
            if (state.State.Photo is { } old)
            {
                state.State.Photos.Insert(0, old);
                state.State.Photo = null;
            }

            return state.State.Photos;
        }
    }

    public async Task<bool> Attach(PhotoKind kind, IReadOnlyList<IncidentPhoto> photos)
    {
        if (photos.Count is 0 or > MaxPerKind || photos.Any(p => p.Kind != kind || p.Bytes.Length is 0 or > MaxBytes)) return false;
        if (Photos.Any(p => p.Kind == kind)) return false;
        Photos.AddRange(photos);
        await state.WriteStateAsync();
        return true;
    }

    public Task<IncidentPhoto?> Get() => Task.FromResult(Photos.FirstOrDefault());

    public Task<IncidentPhoto?> Get(int index) => Task.FromResult(index >= 0 && index < Photos.Count ? Photos[index] : null);

    public Task<IReadOnlyList<IncidentPhotoInfo>> List() =>
        Task.FromResult<IReadOnlyList<IncidentPhotoInfo>>([.. Photos.Select((p, i) => new IncidentPhotoInfo(i, p.Kind, p.ContentType, p.Bytes.Length, p.By, p.At))]);
}
