using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Notifications;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Topology;
using GridDispatch.Grains.Townships;

namespace GridDispatch.Grains.Import;

/// <summary>
/// Brings a township's topology into the grains: every cell defined (parents first), every lamp
/// configured. Re-importing updates in place: cells and lamps are upserted by id.
/// </summary>
public sealed class TopologyImporter(IGrainFactory grains)
{
    private const int InFlight = 256;

    public async Task<ImportReport> ImportAsync(TownshipTopology township, CancellationToken cancellationToken = default)
    {
        var cells = Cells(township).ToList();
        foreach (var level in cells.GroupBy(c => c.Level).OrderBy(g => g.Key))
            await ForEach(level, cell => grains.GetGrain<IGridCellGrain>(cell.Key).Define(cell), cancellationToken);

        var villageOf = VillageOfEachCell(township);
        var poles = PoleNumbers(township);
        await ForEach(township.Lamps, lamp => grains.GetGrain<IStreetlightGrain>(lamp.Id)
            .Configure(LampProfile.From(township.Id, lamp, villageOf.GetValueOrDefault(lamp.Cell), poles.GetValueOrDefault(lamp.Id))), cancellationToken);

        await ForEach(township.Responders, r => grains.GetGrain<IResponderGrain>(r.Id).Configure(ResponderProfile.From(township.Id, r)), cancellationToken);
        await grains.GetGrain<ITownshipGrain>(township.Id).Define(new TownshipInfo
        {
            Id = township.Id, Name = township.Name, County = township.County, Lamps = township.Lamps.Count, Cells = cells.Count, CellTree = cells,
            Centre = township.Centre,
            Lat = Location(township)?.Lat, Lon = Location(township)?.Lon,
            Affiliates = [
                .. township.Responders.Select(r => new Affiliate(r.Id, r.Name, AffiliateKind.Responder)),
                .. township.Departments.Select(d => new Affiliate(d.Id, d.Name, AffiliateKind.Department)),
            ],
        });

        await grains.GetGrain<ITownshipLampsGrain>(township.Id).Set([.. township.Lamps.Select(l => l.Id)]);
        await grains.GetGrain<INotificationDirectoryGrain>(township.Id).Set(NotificationDirectory.From(township));
        await grains.GetGrain<ITownshipDirectoryGrain>(0).Register(new TownshipEntry(township.Id, township.Name, township.County));
        return new ImportReport(township.Id, cells.Count, township.Lamps.Count, township.Responders.Count);
    }

    /// <summary>Where the township's sun rises and sets: its centre, else the middle of its lamps, else of its villages.</summary>
    public static GeoPoint? Location(TownshipTopology t)
    {
        if (t.Centre is { } centre) return centre;
        var points = t.Lamps.Count > 0 ? t.Lamps.Select(l => l.Position).ToList() : t.Villages.Select(v => v.Position).OfType<GeoPoint>().ToList();
        return points.Count == 0 ? null : new GeoPoint(points.Average(p => p.Lat), points.Average(p => p.Lon));
    }

    /// <summary>杆号 where the file gives none: the lamps of each street numbered 1, 2, 3 … in file order.</summary>
    public static Dictionary<string, int?> PoleNumbers(TownshipTopology t) =>
        t.Lamps.Where(l => l.Street is not null).GroupBy(l => l.Street!)
            .SelectMany(street => street.Select((lamp, i) => (lamp.Id, Pole: (int?)(i + 1))))
            .ToDictionary(p => p.Id, p => p.Pole, StringComparer.Ordinal);

    /// <summary>Every cell of the township, from the county down to the neighbourhoods.</summary>
    public static IEnumerable<CellDefinition> Cells(TownshipTopology t)
    {
        string? countyKey = null;
        if (t.County is { } county)
        {
            countyKey = CellKeys.County(county);
            yield return CellDefinition.For(t.Id, county, CellLevel.County, t.CountyName ?? county, parentKey: null, leader: null);
        }

        var townshipCell = CellDefinition.For(t.Id, t.Id, CellLevel.Township, t.Name, countyKey, leader: null);
        yield return townshipCell;
        foreach (var village in t.Villages)
        {
            var villageCell = CellDefinition.For(t.Id, village.Id, CellLevel.Village, village.Name, townshipCell.Key, village.Leader,
                boundary: village.Boundary);
            yield return villageCell;
            foreach (var group in village.Groups)
            {
                var groupCell = CellDefinition.For(t.Id, group.Id, CellLevel.Group, group.Name, villageCell.Key, group.Leader, boundary: group.Boundary);
                yield return groupCell;
                foreach (var n in group.Neighbourhoods)
                    yield return CellDefinition.For(t.Id, n.Id, CellLevel.Neighbourhood, n.Name, groupCell.Key, n.Leader, n.Households);
            }
        }
    }

    /// <summary>For each cell id, the id of the village (片) it lies in.</summary>
    public static Dictionary<string, string> VillageOfEachCell(TownshipTopology t)
    {
        var villageOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var village in t.Villages)
        {
            villageOf[village.Id] = village.Id;
            foreach (var group in village.Groups)
            {
                villageOf[group.Id] = village.Id;
                foreach (var n in group.Neighbourhoods) villageOf[n.Id] = village.Id;
            }
        }

        return villageOf;
    }

    private static Task ForEach<T>(IEnumerable<T> items, Func<T, Task> call, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken },
            async (item, _) => await call(item));
}

public sealed record ImportReport(string Township, int Cells, int Lamps, int Responders);
