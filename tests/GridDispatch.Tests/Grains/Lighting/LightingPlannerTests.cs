using GridDispatch.Grains.Lighting;
using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Tests.Grains.Lighting;

/// <summary>A schedule turned into a night at one place: the astronomical clock, offsets, dimming steps, calendar exceptions.</summary>
public sealed class LightingPlannerTests
{
    private const double HuiliLat = 26.66, HuiliLon = 102.25;
    private const string Zone = "Asia/Shanghai";
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById(Zone);
    private static readonly DateOnly Night = new(2026, 11, 25);

    /// <summary>100 % from dusk, 60 % from 22:00, 100 % again from 05:00 for the morning traffic.</summary>
    private static readonly LightingSchedule Usual = new() { Brightness = 100, Steps = [new("22:00", 60), new("05:00", 100)] };

    private static DateTimeOffset Local(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    [Fact]
    public void A_night_at_Huili_switches_at_the_almanac_times_and_dims_at_its_steps()
    {
        // 会理 (26.66 N, 102.25 E), China time: sunset 2026-11-25 18:18, sunrise 2026-11-26 07:38. Almanac values from
        // PyEphem 4.1.4 (Debian's python3-ephem: VSOP87, the USNO convention of the upper limb at −0°34′) and, independently,
        // Astronomy Engine 2.1.19 (npm astronomy-engine); they agree to the second (18:18:04, 07:38:15). No printed almanac
        // for 会理 could be reached from this machine.
        var plan = LightingPlanner.Night(Usual, HuiliLat, HuiliLon, China, Night)!;

        AssertNear(Local(11, 25, 18, 18), plan.On);
        AssertNear(Local(11, 26, 7, 38), plan.Off);
        Assert.Equal(new (DateTimeOffset, int)[] { (plan.On, 100), (Local(11, 25, 22, 0), 60), (Local(11, 26, 5, 0), 100) }, plan.Levels.Select(l => (l.At, l.Brightness)));
        Assert.Null(plan.LevelAt(plan.On.AddMinutes(-1)));
        Assert.Equal(100, plan.LevelAt(plan.On));
        Assert.Equal(60, plan.LevelAt(Local(11, 26, 2, 0)));
        Assert.Null(plan.LevelAt(plan.Off));

        // What the lamp is sent: the night in local minutes, then the day at 0 % (off).
        var program = plan.ToProgram(Zone, switchLux: null, "township");
        var on = TimeZoneInfo.ConvertTime(plan.On, China).ToString("HH:mm");
        var off = TimeZoneInfo.ConvertTime(plan.Off, China).ToString("HH:mm");
        Assert.Equal(new DimmingStep[] { new(on, "22:00", 100), new("22:00", "05:00", 60), new("05:00", off, 100), new(off, on, 0) }, program.Steps);
        Assert.Equal(0, program.LevelAt(Local(11, 25, 18, 0)));
        Assert.Equal(100, program.LevelAt(Local(11, 25, 18, 40)));
        Assert.Equal(60, program.LevelAt(Local(11, 25, 23, 0)));
        Assert.Equal(100, program.LevelAt(Local(11, 26, 6, 0)));
        Assert.Equal(0, program.LevelAt(Local(11, 26, 12, 0)));
        // Judged lit or dark away from the switches, neither within the grace either side of one.
        var grace = TimeSpan.FromMinutes(10);
        Assert.True(program.ScheduledOn(Local(11, 25, 23, 0), grace));
        Assert.False(program.ScheduledOn(Local(11, 26, 12, 0), grace));
        Assert.Null(program.ScheduledOn(plan.On.AddMinutes(5), grace));
        Assert.Null(program.ScheduledOn(plan.Off.AddMinutes(-5), grace));
    }

    [Fact]
    public void Offsets_move_the_switches_and_steps_outside_the_night_do_not_apply()
    {
        var schedule = Usual with { OnOffsetMinutes = 15, OffOffsetMinutes = -20, Steps = [new("17:00", 80), new("22:00", 60), new("09:00", 30)] };
        var plain = LightingPlanner.Night(Usual, HuiliLat, HuiliLon, China, Night)!;

        var plan = LightingPlanner.Night(schedule, HuiliLat, HuiliLon, China, Night)!;

        Assert.Equal(plain.On.AddMinutes(15), plan.On);
        Assert.Equal(plain.Off.AddMinutes(-20), plan.Off);
        // 17:00 is before switch-on, so it sets the level at switch-on; 09:00 is after switch-off.
        Assert.Equal(new (DateTimeOffset, int)[] { (plan.On, 80), (Local(11, 25, 22, 0), 60) }, plan.Levels.Select(l => (l.At, l.Brightness)));
    }

    [Fact]
    public void A_calendar_exception_shapes_the_nights_it_covers_and_no_others()
    {
        // 赶场 on days ending in 3, 6 and 9 (逢三六九): full light all night; and 春节 by date.
        var schedule = Usual with
        {
            Exceptions =
            [
                new CalendarException { Name = "赶场", DaysOfMonth = [3, 6, 9, 13, 16, 19, 23, 26, 29], Brightness = 100 },
                new CalendarException { Name = "春节", Date = new DateOnly(2027, 2, 6), Brightness = 100, Steps = [new("02:00", 50)] },
            ],
        };

        var ordinary = LightingPlanner.Night(schedule, HuiliLat, HuiliLon, China, Night)!;
        var market = LightingPlanner.Night(schedule, HuiliLat, HuiliLon, China, Night.AddDays(1))!;
        var festival = LightingPlanner.Night(schedule, HuiliLat, HuiliLon, China, new DateOnly(2027, 2, 6))!;

        Assert.Null(ordinary.Exception);
        Assert.Equal(3, ordinary.Levels.Count);
        Assert.Equal("赶场", market.Exception);
        Assert.Equal(100, Assert.Single(market.Levels).Brightness);
        Assert.Equal("春节", festival.Exception);
        Assert.Equal(new[] { 100, 50 }, festival.Levels.Select(l => l.Brightness));
        Assert.Contains("赶场", market.ToProgram(Zone, null, "township").Source);
    }

    [Fact]
    public void Switching_by_lux_leaves_the_lamp_lit_at_its_level_whenever_it_is_dark_and_is_not_judged_by_the_clock()
    {
        var schedule = Usual with { Switching = SwitchMode.Lux, SwitchLux = 30 };
        var program = LightingPlanner.Night(schedule, HuiliLat, HuiliLon, China, Night)!.ToProgram(Zone, schedule.SwitchLux, "township");

        Assert.DoesNotContain(program.Steps, s => s.Brightness == 0);
        Assert.Equal(30, program.SwitchLux);
        Assert.Null(program.ScheduledOn(Local(11, 26, 12, 0), TimeSpan.FromMinutes(10)));
    }

    public static TheoryData<LightingSchedule, string> Refused => new()
    {
        { Usual with { Brightness = 150 }, "brightness" },
        { Usual with { Steps = [new("25:00", 50)] }, "HH:mm" },
        { Usual with { Steps = [new("22:00", 50), new("22:00", 40)] }, "same time" },
        { Usual with { OnOffsetMinutes = 600 }, "offsets" },
        { Usual with { Switching = SwitchMode.Lux }, "switchLux" },
        { Usual with { Exceptions = [new CalendarException { Name = "庙会" }] }, "庙会" },
        { Usual with { Exceptions = [new CalendarException { Name = "赶场", DaysOfMonth = [32] }] }, "days of the month" },
    };

    [Theory, MemberData(nameof(Refused))]
    public void A_schedule_that_cannot_run_is_refused_with_the_reason(LightingSchedule schedule, string reason)
    {
        Assert.Contains(reason, schedule.Problem());
        Assert.Null(Usual.Problem());
    }

    private static void AssertNear(DateTimeOffset almanac, DateTimeOffset computed) =>
        Assert.True((almanac - computed).Duration() <= TimeSpan.FromMinutes(2), $"almanac {almanac:HH:mm}, computed {computed.ToOffset(TimeSpan.FromHours(8)):HH:mm}");
}
