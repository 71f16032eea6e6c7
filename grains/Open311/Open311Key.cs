namespace GridDispatch.Grains.Open311;

/// <summary>
/// An Open311 API key as stored: never the key itself, only its SHA-256, with the townships it may file
/// in. <see cref="Id"/> is a short public handle for listing and revoking.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Open311.Open311Key")]
public sealed record Open311Key(
    [property: Id(0)] string Id,
    [property: Id(1)] string Label,
    [property: Id(2)] IReadOnlyList<string> Townships,
    [property: Id(3)] string IssuedBy,
    [property: Id(4)] DateTimeOffset IssuedAt,
    [property: Id(5)] DateTimeOffset? RevokedAt);
