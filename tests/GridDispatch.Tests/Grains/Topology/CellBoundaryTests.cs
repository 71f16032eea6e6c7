using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Import;
using GridDispatch.Grains.Topology;

namespace GridDispatch.Tests.Grains.Topology;

/// <summary>Cell outlines (网格边界) in the topology file: checked on import, stored closed; the demo draws its own.</summary>
public class CellBoundaryTests
{
    private static readonly string SampleJson = TopologyFile.Write(TopologySamples.Small());
    private const string Square = "[[102.30, 26.78], [102.31, 26.78], [102.31, 26.79], [102.30, 26.79]]";

    private static TownshipTopology Parse(params (string Path, string Value)[] edits)
    {
        var parsed = TopologyFile.Parse(edits.Aggregate(SampleJson, (j, e) => JsonEdit.Set(j, e.Path, e.Value)));
        Assert.True(parsed.Succeeded, parsed.ToString());
        return parsed.Topology;
    }

    [Fact]
    public void An_open_or_closed_ring_is_accepted_and_stored_closed()
    {
        var township = Parse(("$.villages[0].boundary", Square), ("$.villages[0].groups[0].boundary", "[[102.30, 26.78], [102.305, 26.78], [102.30, 26.785], [102.30, 26.78]]"));

        Assert.Empty(TopologyValidator.Validate(township));
        var cells = TopologyImporter.Cells(township).ToDictionary(c => c.CellId);
        var village = cells[township.Villages[0].Id].Boundary!;
        Assert.Equal(5, village.Count); // the four corners and the first again
        Assert.Equal(village[0], village[^1]);
        Assert.Equal([102.31, 26.79], village[2]);
        Assert.Equal(4, cells[township.Villages[0].Groups[0].Id].Boundary!.Count); // closed already: kept as given
        Assert.Null(cells[township.Villages[0].Groups[0].Neighbourhoods[0].Id].Boundary);
    }

    [Theory]
    [InlineData("$.villages[0].boundary", "[[102.30, 26.78], [102.31, 26.78], [102.30, 26.78]]", "$.villages[0].boundary", "at least 3 distinct")]
    [InlineData("$.villages[0].boundary", "[]", "$.villages[0].boundary", "at least 3 distinct")]
    [InlineData("$.villages[0].boundary", "[[102.30, 26.78], [102.31, 26.78, 5], [102.31, 26.79]]", "$.villages[0].boundary[1]", "[lon, lat] pair")]
    [InlineData("$.villages[0].boundary", "[[102.30, 26.78], [102.31, 26.78], null]", "$.villages[0].boundary[2]", "[lon, lat] pair")]
    [InlineData("$.villages[0].groups[0].boundary", "[[102.30, 26.78], [202.31, 26.78], [102.31, 26.79]]", "$.villages[0].groups[0].boundary[1][0]", "lon 202.31")]
    // [lat, lon] by mistake: 102 is no latitude.
    [InlineData("$.villages[0].groups[0].boundary", "[[26.78, 102.30], [26.78, 102.31], [26.79, 102.31]]", "$.villages[0].groups[0].boundary[0][1]", "lat 102.3")]
    public void A_bad_boundary_is_refused_where_it_is_wrong(string path, string value, string errorPath, string message)
    {
        var errors = TopologyValidator.Validate(Parse((path, value)));

        var error = Assert.Single(errors, e => e.Path == errorPath);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_boundary_that_is_not_a_list_of_pairs_is_a_reading_error()
    {
        var parsed = TopologyFile.Parse(JsonEdit.Set(SampleJson, "$.villages[0].boundary", "\"102.3 26.78\""));
        Assert.False(parsed.Succeeded);
        Assert.Contains("$.villages[0].boundary", parsed.ToString());
    }

    public static TheoryData<string> Townships => [DemoTownships.YimenId, DemoTownships.ZhangguanId];

    [Theory]
    [MemberData(nameof(Townships))]
    public void The_demo_outlines_every_village_and_group_the_same_way_each_time_without_overlaps(string id)
    {
        var township = id == DemoTownships.YimenId ? DemoTownships.Yimen() : DemoTownships.Zhangguan();
        var again = id == DemoTownships.YimenId ? DemoTownships.Yimen() : DemoTownships.Zhangguan();

        Assert.Equal(TopologyFile.Write(township), TopologyFile.Write(again));
        Assert.Empty(TopologyValidator.Validate(township));
        Assert.All(township.Villages, v => Assert.True(v.Boundary is { Count: >= 4 }, v.Id));
        Assert.All(township.Villages.SelectMany(v => v.Groups), g => Assert.True(g.Boundary is { Count: >= 4 }, g.Id));
        NoneOverlap(township.Villages.Select(v => (v.Id, v.Boundary!)).ToList());
        foreach (var village in township.Villages) NoneOverlap(village.Groups.Select(g => (g.Id, g.Boundary!)).ToList());
        // The outlines reach the grid cells as imported.
        Assert.All(TopologyImporter.Cells(township).Where(c => c.Level is CellLevel.Village or CellLevel.Group), c => Assert.NotNull(c.Boundary));
    }

    /// <summary>No outline's inner point (its vertices' mean: they are convex) lies inside another's.</summary>
    private static void NoneOverlap(List<(string Id, IReadOnlyList<double[]> Ring)> outlines)
    {
        foreach (var (id, ring) in outlines)
        {
            var inner = (Lon: ring.Skip(1).Average(p => p[0]), Lat: ring.Skip(1).Average(p => p[1]));
            Assert.True(Inside(inner, ring), $"{id}'s centre lies outside its own outline");
            foreach (var (other, otherRing) in outlines.Where(o => o.Id != id))
                Assert.False(Inside(inner, otherRing), $"{id}'s centre lies inside {other}'s outline");
        }
    }

    private static bool Inside((double Lon, double Lat) p, IReadOnlyList<double[]> ring)
    {
        var inside = false;
        for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
            if ((ring[i][1] > p.Lat) != (ring[j][1] > p.Lat)
                && p.Lon < (ring[j][0] - ring[i][0]) * (p.Lat - ring[i][1]) / (ring[j][1] - ring[i][1]) + ring[i][0])
                inside = !inside;
        return inside;
    }
}
