using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Demo;

/// <summary>
/// Where a village's lamps go: its streets (the first is the main street), the cells the lamps
/// belong to, and the feeder area whose mains lamps share supply circuits.
/// </summary>
/// <param name="MainStreetCell">When set, the main street's lamps belong to this (village) cell rather than to <paramref name="Cells"/>.</param>
internal sealed record LampArea(
    string FeederArea, GeoPoint Origin, IReadOnlyList<string> Streets, IReadOnlyList<string> Cells, int Count, string? MainStreetCell = null);

/// <summary>
/// Lays demo lamps along gently bending streets, 25–40 m apart, numbers them in laying order
/// (<c>{township}-L0001</c> …) and wires mains lamps onto feeders of at most 40 lamps.
/// </summary>
internal sealed class DemoStreetLamps(Random rng, string township, double solarShare)
{
    private const int MaxLampsPerFeeder = 40;

    private sealed record Draft(GeoPoint Position, LampKind Kind, double Watts, string Street, string FeederArea)
    {
        public string Cell { get; set; } = "";
        public string? Feeder { get; set; }
    }

    private readonly List<Draft> drafts = [];
    private int feeders;

    public void Lay(LampArea area)
    {
        var minPerStreet = Math.Min(8, area.Count / area.Streets.Count);
        var perStreet = DemoSplit.Split(rng, area.Count, area.Streets.Count, minPerStreet, area.Count);
        var onCells = new List<Draft>();
        for (var s = 0; s < area.Streets.Count; s++)
        {
            var main = s == 0 && area.MainStreetCell is not null;
            var street = LayStreet(area, area.Streets[s], perStreet[s], main);
            if (main) street.ForEach(d => d.Cell = area.MainStreetCell!);
            else onCells.AddRange(street);
            drafts.AddRange(street);
        }
        // Walking along the streets, lamps pass through the cells in turn.
        for (var j = 0; j < onCells.Count; j++)
            onCells[j].Cell = area.Cells[j * area.Cells.Count / onCells.Count];
    }

    public IReadOnlyList<Lamp> Build()
    {
        foreach (var area in drafts.GroupBy(d => d.FeederArea))
            WireFeeders(area.Where(d => d.Kind == LampKind.Mains).ToList());
        return drafts.Select((d, i) => new Lamp
        {
            Id = $"{township}-L{i + 1:D4}",
            Cell = d.Cell,
            Position = d.Position,
            Kind = d.Kind,
            RatedWatts = d.Watts,
            Feeder = d.Feeder,
            Street = d.Street,
        }).ToList();
    }

    private List<Draft> LayStreet(LampArea area, string street, int count, bool main)
    {
        var kind = !main && rng.NextDouble() < solarShare ? LampKind.Solar : LampKind.Mains;
        double watts = kind == LampKind.Solar ? Pick(30, 60) : main ? 120 : Pick(60, 90);
        var spacing = kind == LampKind.Solar ? 25 + rng.Next(10) : 30 + rng.Next(11);
        var position = DemoGeo.Near(rng, area.Origin, 250);
        var bearing = rng.NextDouble() * 2 * Math.PI;
        var lamps = new List<Draft>(count);
        for (var i = 0; i < count; i++)
        {
            lamps.Add(new Draft(position, kind, watts, street, area.FeederArea));
            bearing += (rng.NextDouble() - 0.5) * 0.15; // village roads bend, gently
            position = DemoGeo.Move(position, spacing, bearing);
        }
        return lamps;
    }

    /// <summary>Consecutive lamps on one circuit, split evenly so no feeder exceeds the maximum.</summary>
    private void WireFeeders(List<Draft> mains)
    {
        var circuits = (mains.Count + MaxLampsPerFeeder - 1) / MaxLampsPerFeeder;
        for (var c = 0; c < circuits; c++)
        {
            var feeder = $"{township}-F{++feeders:D2}";
            for (var j = c * mains.Count / circuits; j < (c + 1) * mains.Count / circuits; j++)
                mains[j].Feeder = feeder;
        }
    }

    private int Pick(int a, int b) => rng.Next(2) == 0 ? a : b;
}
