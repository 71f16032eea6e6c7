using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Import;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Grains.Grid;

/// <summary>
/// Property: whatever happens, in whatever order, every cell's figures equal the sum of what its
/// leaves (lamps, incidents, responders) contribute in its subtree, and each lamp contributes
/// exactly what its own state says. A seeded storm of 10,000 mixed events over both demo townships.
/// </summary>
public sealed class RollupStormTests(ITestOutputHelper output) : IAsyncLifetime
{
    // 10,000, not 100,000: since alarms, work orders, incident numbers and the incident list are made durable at each
    // step (crash consistency), a storm costs several ms of SQLite per event here; 100,000 took 3.4 minutes of the
    // suite alone, 20,000 over two. Every lamp (1,100) is still hit about nine times, every cell path many times.
    private const int Events = 10_000;
    private const int InFlight = 250;
    private readonly string _folder = RepositoryPaths.NewTempFolder("storm");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 18, 0, 0, TimeSpan.FromHours(8)));
    private readonly Random _random = new(20261124);
    private readonly Dictionary<string, int> _sequence = [];
    private TestCluster _cluster = null!;
    private IReadOnlyList<TownshipTopology> _townships = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestSilos.Embedded(Path.Combine(_folder, "storm.db"), output).WithDomainClock(_clock).StartAsync();
        _townships = DemoTownships.All();
        foreach (var township in _townships) await new TopologyImporter(_cluster.Client).ImportAsync(township);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task After_a_random_storm_of_10k_events_every_rollup_equals_the_sum_of_its_leaves()
    {
        var lamps = _townships.SelectMany(t => t.Lamps).Select(l => l.Id).ToArray();
        var cells = _townships.SelectMany(t => TopologyImporter.Cells(t).Where(c => c.Level >= CellLevel.Village).Select(c => (t.Id, c.CellId))).ToArray();
        var responders = _townships.SelectMany(t => t.Responders).Select(r => r.Id).ToArray();
        var batch = new List<Task>(InFlight);
        for (var i = 0; i < Events; i++)
        {
            batch.Add(NextEvent(lamps, cells, responders));
            if (batch.Count < InFlight) continue;
            await Task.WhenAll(batch);
            batch.Clear();
            _clock.Advance(TimeSpan.FromSeconds(_random.Next(0, 40)));
        }

        await Task.WhenAll(batch);
        var report = await Eventually.Holds(CheckInvariant, problems => problems.Count == 0, TimeSpan.FromSeconds(60), "roll-up invariant");
        Assert.Empty(report);

        var county = await _cluster.GrainFactory.GetGrain<IGridCellGrain>(CellKeys.County(_townships[0].County!)).GetSummary();
        Assert.Equal(lamps.Length, county.Figures.LampsTotal);
        output.WriteLine($"county after the storm: {county.Figures}");
        Assert.True(county.Figures.OpenIncidents > 0 && county.Figures.LampsFaulty > 0 && county.Figures.LampsLit > 0,
            "the storm exercised faults, incidents and lit lamps");
    }

    private Task NextEvent(string[] lamps, (string Township, string Cell)[] cells, string[] responders)
    {
        var roll = _random.NextDouble();
        var grains = _cluster.GrainFactory;
        if (roll < 0.80) return grains.GetGrain<IStreetlightGrain>(Pick(lamps)).ReportTelemetry(RandomTelemetry(Pick(lamps)));
        if (roll < 0.86)
        {
            var type = _random.Next(2) == 0 ? LampDeviceEventType.Fault : LampDeviceEventType.Restore;
            return grains.GetGrain<IStreetlightGrain>(Pick(lamps)).ReportDeviceEvent(new LampDeviceEvent(_clock.GetUtcNow(), type, Pick(Enum.GetValues<FaultCode>())));
        }

        if (roll < 0.90) return grains.GetGrain<IStreetlightGrain>(Pick(lamps)).ReportConnection(_random.Next(2) == 0, _clock.GetUtcNow());
        if (roll < 0.94)
        {
            var (township, cell) = Pick(cells);
            var whistle = new IncidentReport
            {
                Township = township, Source = IncidentSource.Whistle, SourceId = $"storm-{_random.Next(3000)}", Category = Pick(CategorySkills.Categories.ToArray()),
                Severity = Pick(Enum.GetValues<IncidentSeverity>()), Cell = cell, Text = "随机吹哨", ReportedBy = "storm", ReportedAt = _clock.GetUtcNow(),
            };
            return grains.GetGrain<IIncidentGrain>(IncidentIds.For(township, whistle.Source, whistle.SourceId)).Open(whistle);
        }

        var status = Pick([ResponderStatus.OffDuty, ResponderStatus.Available]);
        return grains.GetGrain<IResponderGrain>(Pick(responders)).SetStatus(status, null, null);
    }

    private LampTelemetry RandomTelemetry(string lamp)
    {
        // Strictly increasing per lamp, so only genuine repeats are stale.
        var sequence = _sequence[lamp] = _sequence.GetValueOrDefault(lamp) + 1;
        var t = new LampTelemetry
        {
            Timestamp = _clock.GetUtcNow().AddMilliseconds(sequence), On = _random.NextDouble() < 0.8, Brightness = _random.Next(0, 101),
            Voltage = 220 + _random.NextDouble() * 8, Current = 0.4, Lux = 2, Battery = 80, Tilt = 1, LeakageMa = 0,
        };
        return _random.NextDouble() >= 0.08 ? t : _random.Next(6) switch
        {
            0 => t with { Current = 0 },
            1 => t with { Voltage = 0, Current = 0 },
            2 => t with { Voltage = 262 },
            3 => t with { Tilt = 30 },
            4 => t with { LeakageMa = 45 },
            _ => t with { Lux = 40_000 },
        };
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    /// <summary>Every way the roll-up could be wrong, as readable lines; empty when it is right.</summary>
    private async Task<List<string>> CheckInvariant()
    {
        var problems = new List<string>();
        var grains = _cluster.GrainFactory;
        var definitions = _townships.SelectMany(TopologyImporter.Cells).DistinctBy(c => c.Key).ToList();
        var summaries = new Dictionary<string, CellSummary>();
        var contributions = new Dictionary<string, IReadOnlyDictionary<string, CellFigures>>();
        foreach (var cell in definitions)
        {
            summaries[cell.Key] = await grains.GetGrain<IGridCellGrain>(cell.Key).GetSummary();
            contributions[cell.Key] = await grains.GetGrain<IGridCellGrain>(cell.Key).GetContributions();
        }

        var children = definitions.Where(d => d.ParentKey is not null).ToLookup(d => d.ParentKey!, d => d.Key);
        CellFigures Leaves(string key) => contributions[key].Where(c => !c.Key.StartsWith("cell:", StringComparison.Ordinal))
            .Aggregate(CellFigures.Zero, (sum, c) => sum + c.Value) + children[key].Aggregate(CellFigures.Zero, (sum, child) => sum + Leaves(child));

        foreach (var cell in definitions)
        {
            var expected = Leaves(cell.Key);
            if (summaries[cell.Key].Figures != expected) problems.Add($"{cell.Key}: {summaries[cell.Key].Figures} but its leaves sum to {expected}");
        }

        foreach (var township in _townships)
            foreach (var lamp in township.Lamps)
            {
                var snapshot = (await grains.GetGrain<IStreetlightGrain>(lamp.Id).GetSnapshot())!;
                var own = contributions[CellKeys.Cell(township.Id, lamp.Cell)].GetValueOrDefault("lamp:" + lamp.Id);
                var faulty = !snapshot.OpenFaults.Without(FaultCode.COMM_LOSS).Without(FaultCode.DAY_BURNING).IsEmpty;
                var truth = new CellFigures { LampsTotal = 1, LampsLit = snapshot.Online && snapshot.On ? 1 : 0, LampsFaulty = faulty ? 1 : 0, LampsOffline = snapshot.Online ? 0 : 1 };
                if (own != truth) problems.Add($"{lamp.Id}: contributes {own} but its state says {truth}");
            }

        return problems;
    }
}
