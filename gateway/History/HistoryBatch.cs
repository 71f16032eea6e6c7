namespace GridDispatch.Gateway.History;

/// <summary>Rows written in one transaction. Every row is an upsert by its key, so writing a batch twice changes nothing.</summary>
public sealed record HistoryBatch(
    IReadOnlyList<FigureSample> Figures,
    IReadOnlyList<LampHour> LampHours,
    IReadOnlyList<IncidentRecord> Incidents)
{
    public static readonly HistoryBatch Empty = new([], [], []);

    /// <summary>Responders' positions, for the map's trails and playback.</summary>
    public IReadOnlyList<ResponderPosition> Positions { get; init; } = [];

    public IReadOnlyList<AlarmRecord> Alarms { get; init; } = [];

    /// <summary>Incident timeline steps; a step already stored is left as it is.</summary>
    public IReadOnlyList<IncidentStep> IncidentSteps { get; init; } = [];

    public int Count => Figures.Count + LampHours.Count + Incidents.Count + Positions.Count + Alarms.Count + IncidentSteps.Count;
}

/// <summary>What one retention pass did.</summary>
public sealed record RetentionResult(int HoursRolledUp, int MinutesRemoved, int HoursRemoved, int LampHoursRemoved, int IncidentsRemoved)
{
    /// <summary>Positions, alarms and incident steps past <see cref="HistoryRetention.Playback"/>.</summary>
    public int PlaybackRowsRemoved { get; init; }
}
