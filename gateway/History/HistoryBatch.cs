namespace GridDispatch.Gateway.History;

/// <summary>Rows written in one transaction. Every row is an upsert by its key, so writing a batch twice changes nothing.</summary>
public sealed record HistoryBatch(
    IReadOnlyList<FigureSample> Figures,
    IReadOnlyList<LampHour> LampHours,
    IReadOnlyList<IncidentRecord> Incidents)
{
    public static readonly HistoryBatch Empty = new([], [], []);

    public int Count => Figures.Count + LampHours.Count + Incidents.Count;
}

/// <summary>What one retention pass did.</summary>
public sealed record RetentionResult(int HoursRolledUp, int MinutesRemoved, int HoursRemoved, int LampHoursRemoved, int IncidentsRemoved);
