using System.Globalization;
using GridDispatch.Gateway.History;
using GridDispatch.Gateway.Reports;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Lighting;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Grains.Lighting;

/// <summary>
/// #19's energy (节电): one village of lamps at 会理 (石门村, four) runs the demo's schedule through a scripted night in virtual time,
/// reporting as real lamps do every 15 minutes (their meter, their power, ±5 % of the commanded level); the lamps' hours go through the history
/// writer into a real history store, and the report's figure for the village is recomputed here from the raw samples sent:
/// used = the meters' increments, baseline = rated watts over the intervals the lamp's program said on.
/// </summary>
[Collection(LightingCluster.Name)]
public sealed class EnergySavingTests(DomainClusterFixture f, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(15);
    private readonly string _folder = RepositoryPaths.NewTempFolder("energy");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_villages_saving_in_the_report_is_recomputed_from_the_raw_telemetry_and_the_demo_schedule_saves_over_30_percent()
    {
        var (township, lamps) = await LightingCluster.NewTownship(f);
        Assert.Null((await f.Grains.GetGrain<ILightingGrain>(township).SetSchedule(ScheduleScope.Township, DemoLighting.Schedule, "test")).Error);
        var village = lamps.Where(l => l.Cell.StartsWith("v2-", StringComparison.Ordinal)).ToList();
        var programs = new Dictionary<string, LampProgram>();
        foreach (var lamp in village) programs[lamp.Id] = (await f.Grains.GetGrain<IStreetlightGrain>(lamp.Id).GetProgram())!;

        // 17:00 to 09:00, every 15 minutes (the meter's longest interval). The second lamp stays dark the first two hours it should
        // burn (应亮未亮): the baseline counts what the schedule asked for, not what the lamp did.
        var noon = f.Clock.GetUtcNow();
        var (evening, morning) = (noon.AddHours(5), noon.AddHours(21));
        var random = new Random(19);
        var samples = village.ToDictionary(l => l.Id, _ => new List<(DateTimeOffset At, double Wh)>());
        var meters = village.ToDictionary(l => l.Id, _ => 1_000.0 * random.Next(1, 50));
        for (var at = evening; at <= morning; at += Every)
        {
            f.Clock.SetUtcNow(at);
            await Task.WhenAll(village.Select((lamp, i) =>
            {
                var level = Level(programs[lamp.Id], at);
                if (i == 1 && level > 0 && at < FirstLit(programs[lamp.Id], evening).AddHours(2)) level = 0;
                var power = lamp.RatedWatts * level / 100.0 * (0.95 + 0.1 * random.NextDouble());
                samples[lamp.Id].Add((at, meters[lamp.Id]));
                var report = new LampTelemetry
                {
                    Timestamp = at, On = level > 0, Brightness = level, Voltage = 220, Current = power / 220, Power = power, EnergyWh = meters[lamp.Id],
                };
                meters[lamp.Id] += power * Every.TotalHours;
                return f.Grains.GetGrain<IStreetlightGrain>(lamp.Id).ReportTelemetry(report);
            }));
        }

        // Each lamp ended 16 clock hours; the history writer keeps them, the day roll-up sums them, the report reads the days.
        var ids = village.Select(l => l.Id).ToHashSet();
        var hours = await Eventually.Holds(() => Task.FromResult(f.Events.All<LampHourEnded>(e => ids.Contains(e.LampId))),
            h => h.Count == 16 * village.Count, what: "every lamp's 16 hours");
        var store = new SqliteHistoryStore(Path.Combine(_folder, "history.db"), TimeProvider.System);
        var writer = new HistoryWriter(store, Options.Create(new HistoryOptions()), NullLogger<HistoryWriter>.Instance);
        await writer.HandleAsync(new DomainEventBatch([.. hours]), CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);
        await store.RollUpLampDaysAsync(morning);
        var info = (await f.Grains.GetGrain<ITownshipGrain>(township).GetInfo())!;
        var place = new ReportPlace(info.Name, [info], []);
        var beijing = DateOnly.FromDateTime(noon.ToOffset(ReportSchema.Offset).DateTime);
        var compiler = new ReportCompiler(store, new IncidentPolicy(), new ReportRankings(store));
        var report = await compiler.CompileAsync(ReportPeriod.Custom(beijing, beijing.AddDays(1)), ReportScope.Village(township, "v2"), place, morning);
        var whole = await compiler.CompileAsync(ReportPeriod.Custom(beijing, beijing.AddDays(1)), ReportScope.OfTownship(township), place, morning);

        // The same figures from the samples alone, per lamp.
        var byLamp = village.Select(lamp =>
        {
            var (s, lampUsed, lampBaseline) = (samples[lamp.Id], 0.0, 0.0);
            for (var i = 1; i < s.Count; i++)
            {
                lampUsed += s[i].Wh - s[i - 1].Wh;
                if (Level(programs[lamp.Id], s[i - 1].At) > 0) lampBaseline += lamp.RatedWatts * (s[i].At - s[i - 1].At).TotalHours;
            }

            return (Used: lampUsed, Baseline: lampBaseline);
        }).ToList();
        var (used, baseline) = (byLamp.Sum(l => l.Used), byLamp.Sum(l => l.Baseline));

        Assert.Equal(used / 1000, report.Lamps.EnergyKwh, 6);
        Assert.Equal(baseline / 1000, report.Lamps.BaselineKwh, 6);
        Assert.Equal(1 - used / baseline, report.Lamps.SavingRate!.Value, 6);
        var row = Assert.Single(whole.Lamps.ByVillage, v => v.Key == $"{township}/v2");
        Assert.Equal((info.CellTree.Single(c => c.CellId == "v2").Name, Math.Round(used / 1000, 6), Math.Round(baseline / 1000, 6)),
            (row.Name, Math.Round(row.EnergyKwh, 6), Math.Round(row.BaselineKwh, 6)));
        Assert.Equal(Math.Round(used / 1000, 6), Math.Round(report.Lamps.ByDay.Sum(d => d.EnergyKwh), 6));

        // The demo's schedule (100 % from sunset, 50 % from 22:00 to sunrise) on the lamps that burnt as told: the seeds' 节电 30 %
        // comes from the dimming alone.
        var burnt = byLamp.Where((_, i) => i != 1).ToList();
        var dimming = 1 - burnt.Sum(l => l.Used) / burnt.Sum(l => l.Baseline);
        output.WriteLine($"{beijing:yyyy-MM-dd} night at 会理: the village used {used / 1000:0.000} kWh of a {baseline / 1000:0.000} kWh baseline " +
            $"(saving {1 - used / baseline:P1}); the {burnt.Count} lamps that burnt as scheduled saved {dimming:P1} by dimming");
        Assert.True(dimming > 0.30, $"dimming saved {dimming:P1}");
    }

    /// <summary>The level the program's profile gives at <paramref name="at"/>, read here from its steps (Asia/Shanghai: UTC+8 all year).</summary>
    private static int Level(LampProgram program, DateTimeOffset at)
    {
        var minute = (int)at.ToOffset(TimeSpan.FromHours(8)).TimeOfDay.TotalMinutes;
        foreach (var step in program.Steps)
        {
            var (from, to) = (Minutes(step.From), Minutes(step.To));
            if (from <= to ? minute >= from && minute < to : minute >= from || minute < to) return step.Brightness;
        }

        return 0;
    }

    private static DateTimeOffset FirstLit(LampProgram program, DateTimeOffset from)
    {
        var at = from;
        while (Level(program, at) == 0) at += Every;
        return at;
    }

    private static int Minutes(string hhmm) => (int)TimeOnly.ParseExact(hhmm, "HH:mm", CultureInfo.InvariantCulture).ToTimeSpan().TotalMinutes;
}
