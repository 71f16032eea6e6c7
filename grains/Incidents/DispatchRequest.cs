
namespace GridDispatch.Grains.Incidents;

/// <summary>An incident asking for a responder.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Dispatch.DispatchRequest")]
public sealed record DispatchRequest
{
    [Id(0)] public required string IncidentId { get; init; }
    [Id(1)] public required string Category { get; init; }
    [Id(2)] public required IncidentSeverity Severity { get; init; }
    /// <summary>Cell ids from where it happened up to the township: a holder of a nearer cell ranks first.</summary>
    [Id(3)] public IReadOnlyList<string> CellPath { get; init; } = [];
    [Id(4)] public double? Lat { get; init; }
    [Id(5)] public double? Lon { get; init; }
    /// <summary>Responders who declined or did not answer: never asked again for this incident.</summary>
    [Id(6)] public IReadOnlyList<string> Exclude { get; init; } = [];
    [Id(7)] public required string Title { get; init; }

    /// <summary>The request an incident would make now, for ranking responders by hand; its holder is left out.</summary>
    public static DispatchRequest For(IncidentSnapshot incident) => new()
    {
        IncidentId = incident.Id, Title = incident.Report.Text, Category = incident.Report.Category, Severity = incident.Report.Severity,
        CellPath = [.. incident.CellPath.Select(k => Grid.CellKeys.Split(k).CellId)], Lat = incident.Report.Lat, Lon = incident.Report.Lon,
        Exclude = incident.ResponderId is { } holder ? [holder] : [],
    };
}
