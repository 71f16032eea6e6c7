namespace GridDispatch.Gateway.History;

/// <summary>What the map's trails and playback read (docs/INTERFACES.md): positions, alarms and incident steps of one township.</summary>
public partial interface IHistoryStore
{
    /// <summary>The township's responders' positions reported in <c>[from, to)</c>, oldest first.</summary>
    Task<IReadOnlyList<ResponderPosition>> ReadPositionsAsync(string township, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default);

    /// <summary>The township's alarms active at any moment of <c>[from, to)</c>: raised before its end, not cleared before its start.</summary>
    Task<IReadOnlyList<AlarmRecord>> ReadAlarmsAsync(string township, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default);

    /// <summary>The township's incident steps in <c>[from, to)</c>, oldest first.</summary>
    Task<IReadOnlyList<IncidentStep>> ReadIncidentStepsAsync(string township, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default);
}
