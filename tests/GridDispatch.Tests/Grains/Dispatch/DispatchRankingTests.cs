using GridDispatch.Grains.Common;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Incidents;

namespace GridDispatch.Tests.Grains.Dispatch;

public sealed class DispatchRankingTests
{
    // The incident: a broken lamp in neighbourhood n1 of group g1 of village v1, at (34.320, 107.130).
    private static DispatchRequest Request(IncidentSeverity severity = IncidentSeverity.Minor, params string[] exclude) => new()
    {
        IncidentId = "i1", Title = "路灯不亮", Category = "lighting", Severity = severity,
        CellPath = ["n1", "g1", "v1", "town"], Lat = 34.320, Lon = 107.130, Exclude = exclude,
    };

    private static ResponderCard Card(string id, double lat, string[]? home = null, int load = 0, int capacity = 3,
        ResponderStatus status = ResponderStatus.Available, string skill = "lighting") => new()
    {
        Id = id, Name = id, Township = "town", Skills = [skill], HomeAreas = home ?? [], Lat = lat, Lon = 107.130,
        Load = load, Capacity = capacity, Status = status,
    };

    private static string[] Order(params ResponderCard[] cards) => [.. DispatchRanking.Rank(cards, Request()).Select(c => c.Id)];

    [Fact]
    public void The_holder_of_the_nearest_cell_is_asked_first_however_far_away()
    {
        var far_group_holder = Card("group-holder", 34.40, home: ["g1"]);
        var village_holder = Card("village-holder", 34.33, home: ["v1"]);
        var near_stranger = Card("stranger", 34.3201);

        Assert.Equal(["group-holder", "village-holder", "stranger"], Order(near_stranger, village_holder, far_group_holder));
    }

    [Fact]
    public void Among_equals_the_nearest_goes_then_the_least_loaded()
    {
        var near_busy = Card("near-busy", 34.321, load: 2);
        var near_idle = Card("near-idle", 34.321, load: 0);
        var far = Card("far", 34.35);

        Assert.Equal(["near-idle", "near-busy", "far"], Order(far, near_busy, near_idle));
    }

    [Fact]
    public void Off_duty_unqualified_excluded_and_full_responders_are_not_asked()
    {
        var cards = new[]
        {
            Card("off", 34.32, status: ResponderStatus.OffDuty),
            Card("plumber", 34.32, skill: "water"),
            Card("declined", 34.32),
            Card("full", 34.32, load: 3, capacity: 3),
            Card("ok", 34.5),
        };

        Assert.Equal(["ok"], DispatchRanking.Rank(cards, Request(IncidentSeverity.Minor, "declined")).Select(c => c.Id));
    }

    [Fact]
    public void An_emergency_may_take_a_responder_already_at_capacity()
    {
        var full = Card("full", 34.32, load: 3, capacity: 3);

        Assert.Empty(DispatchRanking.Rank([full], Request(IncidentSeverity.Major)));
        Assert.Single(DispatchRanking.Rank([full], Request(IncidentSeverity.Emergency)));
    }

    [Theory]
    [InlineData("lighting", "electrical", true)]
    [InlineData("flood", "rescue", true)]
    [InlineData("fire", "rescue", true)]
    [InlineData("road", "lighting", false)]
    [InlineData("other", "dispute", true)]
    public void Categories_map_to_skills(string category, string skill, bool expected) =>
        Assert.Equal(expected, CategorySkills.CanHandle(category, [skill]));

    [Fact]
    public void Distance_is_great_circle_kilometres()
    {
        // One degree of latitude is about 111.2 km anywhere.
        Assert.Equal(111.2, GeoDistance.Km(34, 107, 35, 107)!.Value, precision: 1);
        Assert.Null(GeoDistance.Km(null, 107, 35, 107));
    }
}
