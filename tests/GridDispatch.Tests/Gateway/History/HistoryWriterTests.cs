using GridDispatch.Gateway.History;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GridDispatch.Tests.Gateway.History;

/// <summary>From the domain events to rows: an incident's timeline becomes its lifecycle row, a lamp's ended hour its hour row.</summary>
public sealed class HistoryWriterTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = RepositoryPaths.NewTempFolder("history-writer");

    private (HistoryWriter Writer, SqliteHistoryStore Store) Create(int capacity = 1000)
    {
        var store = new SqliteHistoryStore(Path.Combine(_folder, $"{Guid.NewGuid():N}.db"), TimeProvider.System);
        return (new HistoryWriter(store, Options.Create(new HistoryOptions { QueueCapacity = capacity }), NullLogger<HistoryWriter>.Instance), store);
    }

    [Fact]
    public async Task An_incidents_latest_snapshot_becomes_its_lifecycle_row_with_each_responders_part()
    {
        var (writer, store) = Create();
        var early = Snapshot("i1", IncidentStatus.Dispatched, Step(0, TimelineKind.Reported), Step(1, TimelineKind.Dispatched, "r1"));
        var closed = early with
        {
            Status = IncidentStatus.Closed, Satisfaction = 4, DeadlinesMissed = 1, Level = CellLevel.Township,
            Timeline = [.. early.Timeline, Step(5, TimelineKind.Declined, "r1"), Step(6, TimelineKind.Dispatched, "r2"),
                Step(9, TimelineKind.Acknowledged, "r2"), Step(40, TimelineKind.Escalated), Step(50, TimelineKind.Arrived, "r2"),
                Step(90, TimelineKind.Resolved, "r2"), Step(120, TimelineKind.Closed)],
        };
        await writer.HandleAsync(Batch(Changed(early), Changed(closed)), CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);

        var row = Assert.Single(await store.ReadIncidentsAsync("t1", T0, T0.AddDays(1)));
        Assert.Equal(("Closed", "v1", "c1", "Township", 1, 1, 4), (row.Status, row.Village, row.County, row.Level, row.Escalations, row.DeadlinesMissed, row.Satisfaction));
        Assert.Equal([T0.AddMinutes(1), T0.AddMinutes(9), T0.AddMinutes(50), T0.AddMinutes(90), T0.AddMinutes(120)],
            new[] { row.DispatchedAt, row.AcknowledgedAt, row.OnSiteAt, row.ResolvedAt, row.ClosedAt }.Select(t => t!.Value));
        Assert.Equal([
            new ResponderTurn("r1", T0.AddMinutes(1), 1, 1, 0, null, null, null),
            new ResponderTurn("r2", T0.AddMinutes(6), 1, 0, 0, T0.AddMinutes(9), T0.AddMinutes(50), T0.AddMinutes(90)),
        ], row.Responders);
        Assert.Equal(T0.AddMinutes(120), row.UpdatedAt);
    }

    [Fact]
    public async Task A_lamps_ended_hour_is_written_and_rows_beyond_the_queue_are_dropped_not_waited_for()
    {
        var (writer, store) = Create(capacity: 2);
        await writer.HandleAsync(Batch(
            new LampHourEnded { Township = "t1", At = T0.AddHours(1), LampId = "L1", Cell = "g1", Village = "v1", Energy = new EnergyHour(T0, 60, 100, 1) },
            Changed(Snapshot("i1", IncidentStatus.Reported, Step(0, TimelineKind.Reported))),
            Changed(Snapshot("i2", IncidentStatus.Reported, Step(0, TimelineKind.Reported)))), CancellationToken.None);
        Assert.Equal(2, writer.Queued);
        await writer.FlushAsync(CancellationToken.None);

        Assert.Equal([new LampHour("L1", "t1", "v1", "g1", T0, 60, 100, 1)], await store.ReadLampHoursAsync("t1", null, T0, T0.AddDays(1)));
        Assert.Equal(["i1"], (await store.ReadIncidentsAsync("t1", T0, T0.AddDays(1))).Select(i => i.Id));
        Assert.Equal(0, writer.Queued);
    }

    private static DomainEventBatch Batch(params DomainEvent[] events) => new(events);

    private static IncidentChanged Changed(IncidentSnapshot incident) =>
        new() { Township = "t1", At = incident.Timeline[^1].At, Incident = incident, Village = "v1" };

    private static TimelineEntry Step(int minute, TimelineKind kind, string? responder = null) =>
        new() { At = T0.AddMinutes(minute), Kind = kind, By = responder ?? "system", ResponderId = responder };

    private static IncidentSnapshot Snapshot(string id, IncidentStatus status, params TimelineEntry[] timeline) => new()
    {
        Id = id, Status = status, Level = CellLevel.Village, Timeline = timeline, CellPath = ["t1/v1-g1", "t1/v1", "t1/t1", "county/c1"],
        Report = new IncidentReport
        {
            Township = "t1", Source = IncidentSource.Whistle, SourceId = id, Category = "road", Severity = IncidentSeverity.Minor,
            Cell = "v1-g1", Text = "路面塌陷", ReportedBy = "leader", ReportedAt = T0,
        },
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
