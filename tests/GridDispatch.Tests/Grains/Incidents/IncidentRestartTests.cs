using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Import;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Grains.Incidents;

/// <summary>In real time: what was acknowledged before a restart is there after it, and deadlines still fire.</summary>
public sealed class IncidentRestartTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("incident-restart");

    [Fact]
    public async Task Open_incidents_their_deadlines_and_alarms_survive_a_restart_and_the_deadline_still_fires()
    {
        var silos = TestSilos.Embedded(Path.Combine(_folder, "state.db"), output)
            .With("Incidents:Emergency:Respond", "00:00:06")
            .With("Incidents:Emergency:Resolve", "00:10:00")
            .With("Incidents:ReviewEvery", "00:00:01");
        var cluster = await silos.StartAsync();
        await new TopologyImporter(cluster.Client).ImportAsync(SmallTownship.Build());

        // A leaking lamp (an emergency work order) and a fire whistle nobody here can take.
        var lamp = cluster.GrainFactory.GetGrain<IStreetlightGrain>(SmallTownship.LampIds[0]);
        await lamp.ReportTelemetry(new LampTelemetry { Timestamp = DateTimeOffset.UtcNow, On = true, Voltage = 221, Current = 0.4, LeakageMa = 60 });
        var alarm = (await lamp.GetSnapshot())!.OpenAlarms.Single();
        var fire = new IncidentReport
        {
            Township = SmallTownship.Id, Source = IncidentSource.Whistle, SourceId = "fire-1", Category = "fire",
            Severity = IncidentSeverity.Emergency, Cell = "v2-g1-n1", Text = "柴堆起火", ReportedBy = "v2-leader", ReportedAt = DateTimeOffset.UtcNow,
        };
        var fireId = IncidentIds.For(fire.Township, fire.Source, fire.SourceId);
        var before = (await cluster.GrainFactory.GetGrain<IIncidentGrain>(fireId).Open(fire)).Incident!;
        Assert.Equal((IncidentStatus.Triaged, CellLevel.Township), (before.Status, before.Level));

        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
        cluster = await silos.StartAsync();
        try
        {
            var after = (await cluster.GrainFactory.GetGrain<IStreetlightGrain>(SmallTownship.LampIds[0]).GetSnapshot())!;
            Assert.Equal(alarm.AlarmId, Assert.Single(after.OpenAlarms).AlarmId);
            // filed after the lamp answered: before the stop, or by the lamp woken again (its outbox kept the errand)
            var workOrder = await Eventually.Holds(() => cluster.GrainFactory.GetGrain<IIncidentGrain>(IncidentIds.For(SmallTownship.Id, IncidentSource.LampAlarm, alarm.AlarmId)).Get(),
                i => i is not null, what: "the lamp's work order");
            Assert.Equal(IncidentSeverity.Emergency, workOrder!.Report.Severity);

            var restored = (await cluster.GrainFactory.GetGrain<IIncidentGrain>(fireId).Get())!;
            Assert.Equal(before.RespondBy, restored.RespondBy);
            Assert.Equal(before.Timeline.Count, restored.Timeline.Count);

            // Nothing but the persisted review reminder moves it now.
            var escalated = await Eventually.Holds(() => cluster.GrainFactory.GetGrain<IIncidentGrain>(fireId).Get(),
                i => i!.DeadlinesMissed >= 1, TimeSpan.FromSeconds(40), "deadline fired after the restart");
            Assert.Equal(CellLevel.County, escalated!.Level);
            Assert.Contains(escalated.Timeline, e => e.Kind == TimelineKind.Escalated && e.At > before.RespondBy);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
