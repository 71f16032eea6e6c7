using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Tests.Grains.Grid;

/// <summary>
/// What a hundred thousand lamps hold alike is held once (#22 goal 5): a lamp's share of its cell's figures is one of eight
/// instances, and a profile's topology names are interned. Sharing must never change a value.
/// </summary>
public sealed class SharedFiguresTests
{
    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    public void A_lamps_share_is_one_instance_per_value_and_equals_the_figures_it_stands_for(bool lit, bool faulty, bool offline)
    {
        var share = CellFigures.OneLamp(lit, faulty, offline);
        var copy = new CellFigures { LampsTotal = 1, LampsLit = lit ? 1 : 0, LampsFaulty = faulty ? 1 : 0, LampsOffline = offline ? 1 : 0 };

        Assert.Equal(copy, share);
        Assert.Same(share, CellFigures.OneLamp(lit, faulty, offline));
        Assert.Same(share, copy.Shared()); // a copy read from storage becomes the shared one
    }

    [Fact]
    public void Figures_that_are_not_one_lamps_share_are_kept_as_they_are()
    {
        CellFigures[] others =
        [
            new() { LampsTotal = 2, LampsLit = 1 },
            new() { LampsTotal = 1, LampsLit = 1, IncidentsMinor = 1 },
            new() { LampsTotal = 1, LampsFaulty = 2 },
            CellFigures.Zero,
        ];

        foreach (var figures in others) Assert.Same(figures, figures.Shared());
    }

    [Fact]
    public void A_shared_profile_names_its_topology_with_interned_strings_and_is_equal_to_the_original()
    {
        // Built at run time, as a message or storage would: equal to the literals, not the same strings.
        string Fresh(string s) => new(s.AsSpan());
        var profile = new LampProfile
        {
            LampId = Fresh("yimen-v01-001"), Township = Fresh("yimen"), Cell = Fresh("yimen-v01-g01"), Village = Fresh("yimen-v01"),
            Lat = 34.4, Lon = 107.2, Feeder = Fresh("1号回路"), Street = Fresh("石门路"), Pole = 12,
        };

        var shared = profile.Shared();

        Assert.Equal(profile, shared);
        Assert.Same(string.Intern("yimen"), shared.Township);
        Assert.Same(string.Intern("yimen-v01-g01"), shared.Cell);
        Assert.Same(string.Intern("yimen-v01"), shared.Village);
        Assert.Same(string.Intern("1号回路"), shared.Feeder);
        Assert.Same(string.Intern("石门路"), shared.Street);
        Assert.Null((profile with { Village = null, Feeder = null, Street = null }).Shared().Village);
    }
}
