using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Demo;

/// <summary>Builds demo groups (组) and their neighbourhoods (邻), every cell with a leader; 8–12 households per 邻.</summary>
internal static class DemoCells
{
    /// <param name="membersPerCell">How many members the next neighbourhood gets (e.g. 红色管家).</param>
    public static Group Group(Random rng, DemoPeople people, string id, string name, int cells, Func<int> membersPerCell)
    {
        var leader = people.Next();
        var neighbourhoods = new List<Neighbourhood>(cells);
        for (var k = 1; k <= cells; k++)
            neighbourhoods.Add(Neighbourhood(rng, people, $"{id}-N{k}", $"{name}{ChineseNumerals.Of(k)}邻", membersPerCell()));
        return new Group { Id = id, Name = name, Leader = leader, Neighbourhoods = neighbourhoods };
    }

    private static Neighbourhood Neighbourhood(Random rng, DemoPeople people, string id, string name, int members)
    {
        var leader = people.Next();
        return new Neighbourhood
        {
            Id = id,
            Name = name,
            Leader = leader,
            Households = rng.Next(8, 13),
            Members = Enumerable.Range(0, members).Select(_ => people.Next()).ToList(),
        };
    }
}
