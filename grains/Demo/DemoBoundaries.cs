using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Demo;

/// <summary>
/// Plausible outlines for the demo's villages (片) and groups (组), drawn after the township is built (no random numbers,
/// so the same file every run). Each village gets its Voronoi cell among the township's villages, cut to a disc around
/// its lamps; each group its Voronoi cell among its village's groups (centred on their lamps), inside the village's.
/// Voronoi cells are convex and never overlap, so neither do the outlines, which are those cells sampled along rays.
/// </summary>
internal static class DemoBoundaries
{
    private const int Rays = 24;
    private const double MetresPerDegree = 111_320;

    public static TownshipTopology Add(TownshipTopology t)
    {
        var origin = t.Centre ?? t.Villages.Select(v => v.Position).FirstOrDefault(p => p is not null) ?? new GeoPoint(0, 0);
        var plane = new Plane(origin);
        var lampsOf = t.Lamps.GroupBy(l => l.Cell).ToDictionary(g => g.Key, g => g.Select(l => plane.To(l.Position)).ToList(), StringComparer.Ordinal);
        List<(double X, double Y)> LampsIn(IEnumerable<string> cells) => [.. cells.SelectMany(c => lampsOf.GetValueOrDefault(c) ?? [])];

        var centres = t.Villages.Select(v => v.Position is { } p ? plane.To(p) : (0.0, 0.0)).ToList();
        var villages = t.Villages.Select((v, i) =>
        {
            var cells = v.Groups.SelectMany(g => g.Neighbourhoods.Select(n => n.Id).Prepend(g.Id)).Prepend(v.Id);
            var lamps = LampsIn(cells);
            var reach = Math.Clamp(lamps.Count == 0 ? 0 : lamps.Max(l => Distance(l, centres[i])) + 150, 400, 2500);
            var region = Region.Around(centres[i], reach, [.. centres.Where((_, j) => j != i)]);
            return v with { Boundary = plane.Ring(region.Outline(centres[i])), Groups = Groups(v, region, centres[i], LampsIn, plane) };
        }).ToList();
        return t with { Villages = villages };
    }

    /// <summary>Each group centred on its lamps (or, without any, on a ring round the village centre), split by bisectors.</summary>
    private static List<Group> Groups(Village v, Region village, (double X, double Y) villageCentre,
        Func<IEnumerable<string>, List<(double X, double Y)>> lampsIn, Plane plane)
    {
        var centres = new List<(double X, double Y)>();
        for (var k = 0; k < v.Groups.Count; k++)
        {
            var lamps = lampsIn(v.Groups[k].Neighbourhoods.Select(n => n.Id).Prepend(v.Groups[k].Id));
            var angle = 2 * Math.PI * k / Math.Max(1, v.Groups.Count);
            (double X, double Y) centre = lamps.Count > 0 ? (lamps.Average(l => l.X), lamps.Average(l => l.Y))
                : (villageCentre.X + 200 * Math.Sin(angle), villageCentre.Y + 200 * Math.Cos(angle));
            // Two groups on one spot have no bisector between them, and a centre outside the village would draw its group
            // outside: pull it towards the village centre, each group from its own side, until it fits.
            for (var tries = 0; tries < 60 && (centres.Any(c => Distance(c, centre) < 5) || !village.Contains(centre)); tries++)
                centre = (villageCentre.X + (centre.X - villageCentre.X) * 0.8 + Math.Sin(angle), villageCentre.Y + (centre.Y - villageCentre.Y) * 0.8 + Math.Cos(angle));
            centres.Add(centre);
        }

        return [.. v.Groups.Select((g, k) => g with
        {
            Boundary = plane.Ring(village.Within([.. centres.Where((_, j) => j != k)], centres[k]).Outline(centres[k])),
        })];
    }

    private static double Distance((double X, double Y) a, (double X, double Y) b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));

    /// <summary>
    /// A convex region in metres: a disc, less every half-plane nearer to a rival centre than to a site (the sites are
    /// the disc's centre, then each group's). Rays from a point inside end on its edge.
    /// </summary>
    private sealed record Region((double X, double Y) DiscCentre, double Radius, IReadOnlyList<((double X, double Y) Site, (double X, double Y) Rival)> Cuts)
    {
        public static Region Around((double X, double Y) centre, double radius, IReadOnlyList<(double X, double Y)> rivals) =>
            new(centre, radius, [.. rivals.Select(r => (centre, r))]);

        /// <summary>This region, cut further between <paramref name="site"/> and each of <paramref name="rivals"/>.</summary>
        public Region Within(IReadOnlyList<(double X, double Y)> rivals, (double X, double Y) site) =>
            this with { Cuts = [.. Cuts, .. rivals.Select(r => (site, r))] };

        public bool Contains((double X, double Y) p) =>
            Distance(p, DiscCentre) < Radius - 1 && Cuts.All(c => Side(c, p) < -1);

        /// <summary>The edge along <see cref="Rays"/> rays from <paramref name="from"/>, clockwise from north.</summary>
        public List<(double X, double Y)> Outline((double X, double Y) from) => [.. Enumerable.Range(0, Rays).Select(k =>
        {
            var (dx, dy) = (Math.Sin(2 * Math.PI * k / Rays), Math.Cos(2 * Math.PI * k / Rays));
            var t = ToCircle(from, dx, dy);
            foreach (var cut in Cuts)
            {
                var n = (X: cut.Rival.X - cut.Site.X, Y: cut.Rival.Y - cut.Site.Y);
                var towards = dx * n.X + dy * n.Y;
                if (towards > 1e-9) t = Math.Min(t, -Side(cut, from) / towards);
            }
            return (from.X + t * dx, from.Y + t * dy);
        })];

        /// <summary>Negative on the site's side of the bisector, in metres times the distance between the two.</summary>
        private static double Side(((double X, double Y) Site, (double X, double Y) Rival) cut, (double X, double Y) p)
        {
            var n = (X: cut.Rival.X - cut.Site.X, Y: cut.Rival.Y - cut.Site.Y);
            var mid = (X: (cut.Rival.X + cut.Site.X) / 2, Y: (cut.Rival.Y + cut.Site.Y) / 2);
            return (p.X - mid.X) * n.X + (p.Y - mid.Y) * n.Y;
        }

        private double ToCircle((double X, double Y) from, double dx, double dy)
        {
            var (fx, fy) = (from.X - DiscCentre.X, from.Y - DiscCentre.Y);
            var b = fx * dx + fy * dy;
            var c = fx * fx + fy * fy - Radius * Radius;
            return Math.Max(0, -b + Math.Sqrt(Math.Max(0, b * b - c)));
        }
    }

    /// <summary>Metres east and north of an origin: flat is plenty across a township.</summary>
    private sealed record Plane(GeoPoint Origin)
    {
        private double EastScale => MetresPerDegree * Math.Cos(Origin.Lat * Math.PI / 180);

        public (double X, double Y) To(GeoPoint p) => ((p.Lon - Origin.Lon) * EastScale, (p.Lat - Origin.Lat) * MetresPerDegree);

        /// <summary>
        /// A closed ring of <c>[lon, lat]</c>, six decimals (about 0.1 m), as a file would hold it. Rays ending on one
        /// bisector give points on one straight edge: only its ends are kept, as every screen receives each ring.
        /// </summary>
        public IReadOnlyList<double[]> Ring(List<(double X, double Y)> points)
        {
            var corners = points.Where((p, i) => OffLine(points[(i + points.Count - 1) % points.Count], p, points[(i + 1) % points.Count])).ToList();
            return [.. corners.Append(corners[0]).Select(p => new[] { Math.Round(Origin.Lon + p.X / EastScale, 6), Math.Round(Origin.Lat + p.Y / MetresPerDegree, 6) })];
        }

        /// <summary>True when <paramref name="b"/> lies more than a metre off the line from <paramref name="a"/> to <paramref name="c"/>.</summary>
        private static bool OffLine((double X, double Y) a, (double X, double Y) b, (double X, double Y) c)
        {
            var length = Distance(a, c);
            return length < 1e-6 || Math.Abs((c.X - a.X) * (a.Y - b.Y) - (a.X - b.X) * (c.Y - a.Y)) / length > 1;
        }
    }
}
