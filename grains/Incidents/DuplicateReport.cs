namespace GridDispatch.Grains.Incidents;

/// <summary>并案: an incident merged into this one, whose reporter hears this one's outcome.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Incidents.DuplicateReport")]
public sealed record DuplicateReport
{
    [Id(0)] public required string IncidentId { get; init; }
    [Id(1)] public string? Number { get; init; }
    [Id(2)] public required string ReportedBy { get; init; }
    [Id(3)] public required DateTimeOffset MergedAt { get; init; }
    /// <summary>Only incidents of one township are merged.</summary>
    [Id(4)] public required string Township { get; init; }
}
