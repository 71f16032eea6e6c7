using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Tests.Grains.Streetlights;

/// <summary>应亮灯 from dusk and dawn: the sun at the township, and 亮灯率 measured only against the lamps due now.</summary>
public sealed class LightingHoursTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private const double BeijingLat = 39.9042, BeijingLon = 116.4074;

    [Theory] // Beijing's almanac (中国科学院紫金山天文台): solstices, to two minutes.
    [InlineData(2026, 6, 21, "04:46", "19:46")]
    [InlineData(2026, 12, 21, "07:33", "16:53")]
    public void Sunrise_and_sunset_match_the_almanac(int year, int month, int day, string rise, string set)
    {
        var sun = LightingHours.Sun(BeijingLat, BeijingLon, new DateOnly(year, month, day));

        AssertNear(new DateTimeOffset(year, month, day, 0, 0, 0, China) + TimeSpan.Parse(rise), sun.Rise!.Value);
        AssertNear(new DateTimeOffset(year, month, day, 0, 0, 0, China) + TimeSpan.Parse(set), sun.Set!.Value);
    }

    [Fact]
    public void Lamps_are_due_from_dusk_to_dawn_and_not_at_noon()
    {
        var noon = new DateTimeOffset(2026, 11, 29, 12, 0, 0, China);
        var midnight = new DateTimeOffset(2026, 11, 29, 23, 59, 0, China);
        var sunset = LightingHours.Sun(BeijingLat, BeijingLon, new DateOnly(2026, 11, 29)).Set!.Value;

        Assert.False(LightingHours.IsDue(BeijingLat, BeijingLon, noon));
        Assert.True(LightingHours.IsDue(BeijingLat, BeijingLon, midnight));
        Assert.False(LightingHours.IsDue(BeijingLat, BeijingLon, sunset.AddMinutes(-1)));
        Assert.True(LightingHours.IsDue(BeijingLat, BeijingLon, sunset.AddMinutes(1)));
        // The nights sent to a screen cover the evening before and the morning after.
        var nights = LightingHours.Nights(BeijingLat, BeijingLon, noon);
        Assert.Contains(nights, n => n.Contains(noon.AddHours(-13)));
        Assert.Contains(nights, n => n.Contains(noon.AddHours(11.9)));
        Assert.Contains(nights, n => n.Contains(noon.AddHours(32)));
    }

    [Fact]
    public void At_night_the_lit_rate_counts_only_reporting_lamps_and_by_day_it_is_no_rate_at_all()
    {
        var figures = new CellFigures { LampsTotal = 800, LampsLit = 700, LampsOffline = 100, LampsFaulty = 3 };

        var night = LitRate.Of(figures, night: true);
        Assert.Equal(700, night.LampsDue);
        Assert.Equal(1.0, night.Rate);

        var day = LitRate.Of(figures with { LampsLit = 0 }, night: false);
        Assert.False(day.Due);
        Assert.Null(day.Rate); // never a red 0.0 % in daylight
        Assert.Equal(0, day.LampsDue);
        Assert.Equal(700, day.LampsOffAsPlanned); // 白天按计划关灯 700 盏

        Assert.Null(LitRate.Of(new CellFigures { LampsTotal = 5, LampsOffline = 5 }, night: true).Rate);
    }

    private static void AssertNear(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.True((expected - actual).Duration() <= TimeSpan.FromMinutes(2), $"expected about {expected:HH:mm zzz}, got {actual.ToOffset(China):HH:mm zzz}");
}
