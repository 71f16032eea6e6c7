using System.Text.Json;
using GridDispatch.Gateway.History;

namespace GridDispatch.Gateway.Reports;

/// <summary>
/// The 红黑榜 of a period and scope (a township or a county). A month or quarter that has ended is published once,
/// into the history store, and from then on read back as published: a later recomputation (an incident closed late,
/// another silo, a restart) never replaces it. A running or custom period is computed each time.
/// </summary>
public sealed class ReportRankings(IHistoryStore store)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="incidents">The scope's incidents of the period when the caller reads them already.</param>
    public async Task<RankingReport> ForAsync(ReportPeriod period, ReportScope scope, ReportPlace place, DateTimeOffset now,
        Task<IReadOnlyList<IncidentRecord>>? incidents = null, CancellationToken cancellationToken = default)
    {
        // A period over before the history began has nothing to publish.
        if (!Freezes(period, now) || period.To <= await store.StartedAtAsync(cancellationToken)) return await ComputeAsync(period, scope, place, incidents, cancellationToken);
        if (await store.ReadRankingAsync(period.Key, scope.Key, cancellationToken) is { } stored) return Read(stored);
        return await PublishAsync(period, scope, place, now, cancellationToken);
    }

    /// <summary>Publishes the period's ranking unless one is published already; returns the one that stands.</summary>
    public async Task<RankingReport> PublishAsync(ReportPeriod period, ReportScope scope, ReportPlace place, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var ranking = await ComputeAsync(period, scope, place, null, cancellationToken) with { Frozen = true, PublishedAt = now };
        return Read(await store.PublishRankingAsync(new StoredRanking(period.Key, scope.Key, now, JsonSerializer.Serialize(ranking, Json)), cancellationToken));
    }

    /// <summary>Months and quarters are frozen once they have ended; a custom range never is.</summary>
    public static bool Freezes(ReportPeriod period, DateTimeOffset now) => period.Kind != ReportPeriodKind.Custom && period.To <= now;

    private static RankingReport Read(StoredRanking stored) =>
        JsonSerializer.Deserialize<RankingReport>(stored.Body, Json)! with { Frozen = true, PublishedAt = stored.PublishedAt };

    private async Task<RankingReport> ComputeAsync(ReportPeriod period, ReportScope scope, ReportPlace place, Task<IReadOnlyList<IncidentRecord>>? incidents,
        CancellationToken cancellationToken)
    {
        var history = ReportCompiler.Scope(scope, place);
        var litReading = Task.Run(() => store.ReadVillageLitTotalsAsync(history, period.From, period.To, cancellationToken), cancellationToken);
        var byVillage = (await (incidents ?? store.ReadScopedIncidentsAsync(history, period.From, period.To, cancellationToken))).ToLookup(i => (i.Township, i.Village));
        var lit = await litReading;
        var villages = place.Villages(scope).Select(v => ($"{v.Township}/{v.Village}", v.Name, (IReadOnlyList<IncidentRecord>)[.. byVillage[(v.Township, v.Village)]],
            lit.GetValueOrDefault((v.Township, v.Village), new LitTotals(0, 0, 0))));

        var handled = byVillage.SelectMany(g => g).ToLookup(i => RankingRule.HandledBy(i) ?? "");
        var teams = place.Responders.Where(r => r.Team).Select(r => (r.Id, r.Name, (IReadOnlyList<IncidentRecord>)[.. handled[r.Id]]));
        return new RankingReport
        {
            ScopeKey = scope.Key, VillageRule = RankingRule.VillageRule, TeamRule = RankingRule.TeamRule,
            Villages = RankingRule.Place(RankingRule.Villages(villages)),
            Teams = RankingRule.Place(RankingRule.Teams(teams)),
        };
    }
}
