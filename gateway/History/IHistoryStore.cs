namespace GridDispatch.Gateway.History;

/// <summary>
/// The durable history: SQLite in the embedded profile, PostgreSQL for a cluster, the same tables and answers
/// (one conformance suite runs on both). Times are instants; periods are half-open, <c>[from, to)</c>.
/// </summary>
public partial interface IHistoryStore
{
    /// <summary>When this store began recording: there is no history before it (no backfill).</summary>
    Task<DateTimeOffset> StartedAtAsync(CancellationToken cancellationToken = default);

    Task WriteAsync(HistoryBatch batch, CancellationToken cancellationToken = default);

    /// <summary>A township's (<paramref name="village"/> null) or a village's figures over a period, oldest first.</summary>
    Task<IReadOnlyList<FigurePoint>> ReadFiguresAsync(string township, string? village, DateTimeOffset from, DateTimeOffset to,
        HistoryResolution resolution, CancellationToken cancellationToken = default);

    /// <summary>One lamp's hours, or (<paramref name="lamp"/> null) every lamp's of the township, oldest first.</summary>
    Task<IReadOnlyList<LampHour>> ReadLampHoursAsync(string township, string? lamp, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default);

    /// <summary>Incidents reported in the period, of a township (or, <paramref name="township"/> null, of every township), oldest first.</summary>
    Task<IReadOnlyList<IncidentRecord>> ReadIncidentsAsync(string? township, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default);

    /// <summary>Each responder's figures over the incidents first offered to them in the period.</summary>
    Task<IReadOnlyList<ResponderFigures>> ReadResponderFiguresAsync(string township, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default);

    /// <summary>Rolls each ended hour's minutes up into an hour row, then removes what is older than its retention.</summary>
    Task<RetentionResult> ApplyRetentionAsync(HistoryRetention retention, DateTimeOffset now, CancellationToken cancellationToken = default);
}
