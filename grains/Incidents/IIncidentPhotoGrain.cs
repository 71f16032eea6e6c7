namespace GridDispatch.Grains.Incidents;

/// <summary>A photo taken at the scene (现场照片), at most one per incident, kept beside it rather than in it.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Incidents.IncidentPhoto")]
public sealed record IncidentPhoto(
    [property: Id(0)] string ContentType,
    [property: Id(1)] byte[] Bytes,
    [property: Id(2)] string By,
    [property: Id(3)] DateTimeOffset At);

/// <summary>Keyed by the incident id. Kept apart so the incident's own state stays small for the board.</summary>
[Alias("GridDispatch.Incidents.IIncidentPhotoGrain")]
public interface IIncidentPhotoGrain : IGrainWithStringKey
{
    /// <summary>Saves the photo unless one is there already (a re-sent whistle must not replace it); true if saved.</summary>
    [Alias("Attach")] Task<bool> Attach(IncidentPhoto photo);

    [Alias("Get")] Task<IncidentPhoto?> Get();
}
