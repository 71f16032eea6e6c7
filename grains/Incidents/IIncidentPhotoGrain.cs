namespace GridDispatch.Grains.Incidents;

/// <summary>What a photo shows: the whistle's scene (现场), the responder's arrival (到场), or the work before and after (处置前/处置后).</summary>
public enum PhotoKind
{
    Whistle,
    Arrival,
    Before,
    After,
}

/// <summary>A photo taken for an incident, with who took it and when; kept beside the incident rather than in it.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Incidents.IncidentPhoto")]
public sealed record IncidentPhoto(
    [property: Id(0)] string ContentType,
    [property: Id(1)] byte[] Bytes,
    [property: Id(2)] string By,
    [property: Id(3)] DateTimeOffset At)
{
    /// <summary>Whistle for photos saved before kinds existed.</summary>
    [Id(4)] public PhotoKind Kind { get; init; } = PhotoKind.Whistle;
}

/// <summary>A photo without its bytes: what a list shows. <paramref name="Index"/> is its place in the incident's set, its id.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Incidents.IncidentPhotoInfo")]
public sealed record IncidentPhotoInfo(
    [property: Id(0)] int Index,
    [property: Id(1)] PhotoKind Kind,
    [property: Id(2)] string ContentType,
    [property: Id(3)] int Size,
    [property: Id(4)] string By,
    [property: Id(5)] DateTimeOffset At);

/// <summary>Keyed by the incident id. Kept apart so the incident's own state stays small for the board.</summary>
[Alias("GridDispatch.Incidents.IIncidentPhotoGrain")]
public interface IIncidentPhotoGrain : IGrainWithStringKey
{
    /// <summary>
    /// Saves the photos of one kind, in order, unless that kind has photos already: the first request that brings a
    /// kind's photos sets them, so a re-sent whistle or order step adds nothing and replaces nothing. True if saved.
    /// Refused (false, nothing saved) when a photo is empty or over <see cref="IncidentPhotoGrain.MaxBytes"/>, a photo's
    /// kind differs from <paramref name="kind"/>, or there are more than <see cref="IncidentPhotoGrain.MaxPerKind"/>.
    /// </summary>
    [Alias("Attach")] Task<bool> Attach(PhotoKind kind, IReadOnlyList<IncidentPhoto> photos);

    /// <summary>The first photo (the whistle's, when it had one).</summary>
    [Alias("Get")] Task<IncidentPhoto?> Get();

    [Alias("GetAt")] Task<IncidentPhoto?> Get(int index);

    /// <summary>The set without the bytes: cheap enough for every drawer and media_url.</summary>
    [Alias("List")] Task<IReadOnlyList<IncidentPhotoInfo>> List();
}
