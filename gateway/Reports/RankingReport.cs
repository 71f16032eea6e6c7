namespace GridDispatch.Gateway.Reports;

/// <summary>
/// 红黑榜 of a period: villages and teams placed by <see cref="RankingRule"/>. <see cref="Frozen"/>: published when the
/// period ended and read back as stored, never recomputed; otherwise computed now and still moving.
/// </summary>
public sealed record RankingReport
{
    public required string ScopeKey { get; init; }
    public required string VillageRule { get; init; }
    public required string TeamRule { get; init; }
    public bool Frozen { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public required IReadOnlyList<RankedEntry> Villages { get; init; }
    public required IReadOnlyList<RankedEntry> Teams { get; init; }
}

/// <param name="Score">Compared in order, higher is better; equal scores tie (并列).</param>
/// <param name="Place">1-based, shared by a tie (1, 1, 3 …).</param>
/// <param name="List"><c>red</c> (红榜), <c>black</c> (黑榜) or null.</param>
public sealed record RankedEntry(string Key, string Name, IReadOnlyList<double> Score, string Detail, int Place, bool Tied, string? List);
