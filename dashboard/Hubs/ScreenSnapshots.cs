using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Townships;

namespace GridDispatch.Dashboard.Hubs;

/// <summary>
/// What a screen shows when it (re)connects, read from the grains. A village user gets the same
/// township picture cut down to the cells under their village.
/// </summary>
public sealed class ScreenSnapshots(IGrainFactory grains, TimeProvider time)
{
    /// <summary>Finished incidents stay on the board this long.</summary>
    public static readonly TimeSpan FinishedShownFor = TimeSpan.FromHours(24);
    private const int MaxIncidents = 500;

    public async Task<ScreenSnapshot> ReadAsync(string scope, string name, IReadOnlyList<TownshipEntry> townships, IReadOnlySet<string>? cells)
    {
        var parts = await Task.WhenAll(townships.Select(t => ReadTownship(t.Id, cells)));
        var summaries = parts.SelectMany(p => p.Summary).ToList();
        if (scope == CommandCentreHub.CountyScope)
        {
            // the county's own figures are its townships' summed; the screen keeps the sum up to date from their deltas
            var county = summaries.Where(s => s.Level == nameof(CellLevel.Township)).Aggregate(CellFigures.Zero, (sum, s) => sum + s.Figures);
            summaries.Insert(0, ScreenMapping.Summary(CommandCentreHub.CountyScope, CellLevel.County, county));
        }
        return new ScreenSnapshot(
            scope, name, [.. townships.Select((t, i) => new TownshipItem(t.Id, t.Name, parts[i].Nights, parts[i].Departments))],
            [.. parts.Select(p => p.Mode)], summaries, [.. parts.SelectMany(p => p.Cells)],
            [.. parts.SelectMany(p => p.Lamps)], [.. parts.SelectMany(p => p.Alarms)], [.. parts.SelectMany(p => p.Incidents)],
            [.. parts.SelectMany(p => p.Responders)], time.GetUtcNow(), [.. parts.Select(p => p.Silence).Where(s => s.Held > 0)]);
    }

    private sealed record TownshipPart(
        ModeItem Mode, List<SummaryItem> Summary, List<CellItem> Cells, List<LampItem> Lamps, List<AlarmItem> Alarms,
        List<IncidentItem> Incidents, List<ResponderItem> Responders, IReadOnlyList<Night> Nights, List<DepartmentItem> Departments, SilenceItem Silence);

    private async Task<TownshipPart> ReadTownship(string township, IReadOnlySet<string>? cells)
    {
        var townshipGrain = grains.GetGrain<ITownshipGrain>(township);
        var info = await townshipGrain.GetInfo() ?? new TownshipInfo { Id = township, Name = township };
        bool Visible(string cell) => cells is null || cells.Contains(cell);
        var tree = info.CellTree.Where(c => c.Level < CellLevel.Village || Visible(c.CellId)).ToList();

        var summaries = await Task.WhenAll(tree.Where(c => c.Level is CellLevel.Township or CellLevel.Village)
            .Select(async c => ScreenMapping.Summary(c.Key, c.Level, (await grains.GetGrain<IGridCellGrain>(c.Key).GetSummary()).Figures)));

        var lampList = grains.GetGrain<ITownshipLampsGrain>(township);
        var lampIds = await lampList.Get();
        var lamps = (await Task.WhenAll(lampIds.Select(id => grains.GetGrain<IStreetlightGrain>(id).GetSnapshot())))
            .OfType<LampSnapshot>().Where(l => Visible(l.Cell)).ToList();

        var now = time.GetUtcNow();
        var listed = await grains.GetGrain<IIncidentIndexGrain>(township).List(null, MaxIncidents);
        var incidents = (await Task.WhenAll(listed
                .Where(i => Visible(i.Cell) && (i.Status.IsOpen() || now - i.UpdatedAt < FinishedShownFor))
                .Select(i => grains.GetGrain<IIncidentGrain>(i.Id).Get())))
            .OfType<IncidentSnapshot>().Select(ScreenMapping.Incident).ToList();

        var responders = cells is not null ? [] : (await Task.WhenAll(info.Affiliates.Where(a => a.Kind == AffiliateKind.Responder)
                .Select(a => grains.GetGrain<IResponderGrain>(a.Id).GetSnapshot())))
            .OfType<ResponderSnapshot>().Select(r => ScreenMapping.Responder(r.Card)).ToList();

        return new TownshipPart(
            ScreenMapping.Mode(await townshipGrain.GetMode()), [.. summaries], [.. tree.Select(ScreenMapping.Cell)],
            [.. lamps.Select(ScreenMapping.Lamp)], [.. lamps.SelectMany(l => l.OpenAlarms.Select(a => ScreenMapping.Alarm(a, l.Township, l.Cell)))],
            incidents, responders, Nights(info, lamps, now),
            [.. info.Affiliates.Where(a => a.Kind == AffiliateKind.Department).Select(a => new DepartmentItem(a.Id, a.Name))],
            ScreenMapping.Silence(township, await lampList.GetSilence()));
    }

    /// <summary>Dusk and dawn for the screen's 亮灯率 (应亮灯); a township imported without a location is placed at the middle of its lamps.</summary>
    private static IReadOnlyList<Night> Nights(TownshipInfo info, List<LampSnapshot> lamps, DateTimeOffset now) =>
        info.Lat is not null || lamps.Count == 0 ? info.NightsAround(now)
            : LightingHours.Nights(lamps.Average(l => l.Lat), lamps.Average(l => l.Lon), now);

    public async Task<WorkSnapshot?> ReadWorkAsync(string responderId)
    {
        if (await grains.GetGrain<IResponderGrain>(responderId).GetSnapshot() is not { } responder) return null;
        var incidents = await Task.WhenAll(responder.WorkOrders.Select(w => grains.GetGrain<IIncidentGrain>(w.IncidentId).Get()));
        var mode = await grains.GetGrain<ITownshipGrain>(responder.Profile.Township).GetMode();
        var called = mode.Mode == TownshipMode.Emergency ? mode.Board.FirstOrDefault(c => c.Affiliate.Id == responderId) : null;
        return new WorkSnapshot(ScreenMapping.Responder(responder.Card), [.. responder.WorkOrders.Select(ScreenMapping.WorkOrder)],
            [.. incidents.OfType<IncidentSnapshot>().Select(ScreenMapping.Incident)], time.GetUtcNow(),
            called is null ? null : new CallOutItem(mode.Township, mode.Reason, mode.Since ?? time.GetUtcNow(), called.At));
    }
}
