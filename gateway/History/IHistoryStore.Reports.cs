namespace GridDispatch.Gateway.History;

/// <summary>What reports read and keep (docs/REPORTS.md).</summary>
public partial interface IHistoryStore
{
    /// <summary>Incidents reported in the period in the scope's townships (and village), oldest first, with their fault codes.</summary>
    Task<IReadOnlyList<IncidentRecord>> ReadScopedIncidentsAsync(HistoryScope scope, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The scope's lamp energy per village and Beijing day over the period (day rows where rolled up, then hours), by day then
    /// village: what the energy chart and the saving per village read. A village's lamps with no row in a day have none.
    /// </summary>
    Task<IReadOnlyList<LampDay>> ReadLampDaysAsync(HistoryScope scope, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>The scope's lamps lit and reporting, summed over the period's hours in which any of them was lit.</summary>
    Task<LitTotals> ReadLitTotalsAsync(HistoryScope scope, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="ReadLitTotalsAsync"/> for each village of the scope at once (a village without a lit hour is left out).</summary>
    Task<IReadOnlyDictionary<(string Township, string Village), LitTotals>> ReadVillageLitTotalsAsync(HistoryScope scope, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Sums the lamp hours into per-village Beijing-day rows, up to the hour begun at <paramref name="now"/> (today's row holds
    /// the hours so far), summing the day of the last pass's last hour again whole. Idempotent.
    /// </summary>
    Task<int> RollUpLampDaysAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Keeps <paramref name="ranking"/> unless one is stored for its period and scope already; returns the stored one, which never changes.</summary>
    Task<StoredRanking> PublishRankingAsync(StoredRanking ranking, CancellationToken cancellationToken = default);

    Task<StoredRanking?> ReadRankingAsync(string period, string scope, CancellationToken cancellationToken = default);
}

/// <summary>
/// Where a report looks: one or more townships (a county is its townships), and within one township optionally a
/// village. Figures of the townships are their township rows; of a village, its own rows.
/// </summary>
public sealed record HistoryScope(IReadOnlyList<string> Townships, string? Village = null);

/// <param name="Lit">Lamps lit, summed over the hours (each hour's mean).</param>
/// <param name="Reporting">Lamps reporting (all but offline), summed over the same hours.</param>
/// <param name="Hours">Hour rows counted: those in which any lamp was lit (night).</param>
public sealed record LitTotals(double Lit, double Reporting, int Hours)
{
    public double? Rate => Reporting > 0 ? Lit / Reporting : null;
}

/// <summary>A published 红黑榜: its period and scope keys, when it was frozen, and its body (JSON) exactly as published.</summary>
public sealed record StoredRanking(string Period, string Scope, DateTimeOffset PublishedAt, string Body);
