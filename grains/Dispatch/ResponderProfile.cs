using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Dispatch;

/// <summary>A responder as imported from the topology.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Dispatch.ResponderProfile")]
public sealed record ResponderProfile
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required string Township { get; init; }
    [Id(3)] public bool Team { get; init; }
    [Id(4)] public IReadOnlyList<string> Skills { get; init; } = [];
    [Id(5)] public IReadOnlyList<string> HomeAreas { get; init; } = [];
    [Id(6)] public int Capacity { get; init; } = 3;
    [Id(7)] public string? Department { get; init; }
    [Id(8)] public string? Phone { get; init; }
    [Id(9)] public double? BaseLat { get; init; }
    [Id(10)] public double? BaseLon { get; init; }

    public static ResponderProfile From(string township, Responder r) => new()
    {
        Id = r.Id, Name = r.Name, Township = township, Team = r.Kind == ResponderKind.Team, Skills = [.. r.Skills],
        HomeAreas = [.. r.HomeAreas], Capacity = r.Capacity, Department = r.Department, Phone = r.Phone,
        BaseLat = r.Base?.Lat, BaseLon = r.Base?.Lon,
    };
}
