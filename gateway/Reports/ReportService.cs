using GridDispatch.Gateway.History;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Townships;

namespace GridDispatch.Gateway.Reports;

/// <summary>Reports for the API and the freeze job: finds a scope's townships and responders, then compiles from the history.</summary>
public sealed class ReportService(IGrainFactory grains, IHistoryStore store, ReportCompiler compiler, ReportRankings rankings, TimeProvider time)
{
    public Task<PeriodReport> CompileAsync(ReportPeriod period, ReportScope scope, ReportPlace place, CancellationToken cancellationToken = default) =>
        compiler.CompileAsync(period, scope, place, time.GetUtcNow(), cancellationToken);

    /// <summary>The scope's townships and responders; null when it names no county, township or village there is.</summary>
    public async Task<ReportPlace?> PlaceAsync(ReportScope scope)
    {
        List<TownshipInfo> townships = [];
        if (scope.Level == ReportLevel.County)
        {
            foreach (var entry in await grains.GetGrain<ITownshipDirectoryGrain>(0).List())
                if (await grains.GetGrain<ITownshipGrain>(entry.Id).GetInfo() is { } info && info.County == scope.Id) townships.Add(info);
        }
        else if (await grains.GetGrain<ITownshipGrain>(scope.Township ?? scope.Id).GetInfo() is { } info) townships.Add(info);

        if (townships.Count == 0) return null;
        var first = townships[0];
        string name;
        if (scope.Level == ReportLevel.Village)
        {
            if (first.CellTree.FirstOrDefault(c => c.Level == CellLevel.Village && c.CellId == scope.Id) is not { } village) return null;
            name = $"{first.Name}·{village.Name}";
        }
        else if (scope.Level == ReportLevel.Township) name = first.Name;
        else name = first.CellTree.FirstOrDefault(c => c.Level == CellLevel.County && c.CellId == scope.Id)?.Name ?? scope.Id;

        var responders = new List<ResponderCard>();
        foreach (var t in townships) responders.AddRange(await grains.GetGrain<IDispatcherGrain>(t.Id).GetResponders());
        return new ReportPlace(name, [.. townships.OrderBy(t => t.Id, StringComparer.Ordinal)], responders);
    }

    /// <summary>
    /// Publishes the 红黑榜 of every township and county for each month and quarter that ended since the history began
    /// and has none yet. Returns how many it published. Run again, it publishes nothing.
    /// </summary>
    public async Task<int> FreezeEndedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var periods = ReportPeriod.EndedBetween(await store.StartedAtAsync(cancellationToken), now).ToList();
        if (periods.Count == 0) return 0;
        var scopes = new List<ReportScope>();
        foreach (var entry in await grains.GetGrain<ITownshipDirectoryGrain>(0).List())
        {
            scopes.Add(ReportScope.OfTownship(entry.Id));
            if (await grains.GetGrain<ITownshipGrain>(entry.Id).GetInfo() is { County: { Length: > 0 } county } && scopes.All(s => s.Key != ReportScope.County(county).Key))
                scopes.Add(ReportScope.County(county));
        }

        var published = 0;
        foreach (var scope in scopes)
        {
            ReportPlace? place = null;
            foreach (var period in periods)
            {
                if (await store.ReadRankingAsync(period.Key, scope.Key, cancellationToken) is not null) continue;
                place ??= await PlaceAsync(scope);
                if (place is null) break;
                await rankings.PublishAsync(period, scope, place, now, cancellationToken);
                published++;
            }
        }

        return published;
    }
}
