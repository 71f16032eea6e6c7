namespace GridDispatch.Grains.Dispatch;

/// <summary>What the dispatcher knows of a responder to rank it: skills, 包保 areas, where, how busy.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Dispatch.ResponderCard")]
public sealed record ResponderCard
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required string Township { get; init; }
    [Id(3)] public IReadOnlyList<string> Skills { get; init; } = [];
    /// <summary>Cell ids this responder holds (包保).</summary>
    [Id(4)] public IReadOnlyList<string> HomeAreas { get; init; } = [];
    [Id(5)] public int Capacity { get; init; } = 3;
    [Id(6)] public ResponderStatus Status { get; init; } = ResponderStatus.Available;
    [Id(7)] public double? Lat { get; init; }
    [Id(8)] public double? Lon { get; init; }
    /// <summary>Work orders held now.</summary>
    [Id(9)] public int Load { get; init; }
    [Id(10)] public bool Team { get; init; }
    [Id(11)] public string? Department { get; init; }
}
