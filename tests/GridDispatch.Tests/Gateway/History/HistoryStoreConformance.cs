using GridDispatch.Gateway.History;
using GridDispatch.Grains.Audit;
using Microsoft.Extensions.Time.Testing;

namespace GridDispatch.Tests.Gateway.History;

/// <summary>
/// What every history store must do, run on each (SQLite, PostgreSQL): the same rows in, the same answers out.
/// Each test gets an empty database of its own.
/// </summary>
public abstract partial class HistoryStoreConformance
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>An empty database; its name for <see cref="Open"/>.</summary>
    protected abstract Task<string> NewDatabaseAsync();

    /// <summary>A store on that database (a second call is a second process on the same database).</summary>
    protected abstract IHistoryStore Open(string database, TimeProvider time);

    private async Task<(IHistoryStore Store, FakeTimeProvider Time, string Database)> NewStoreAsync()
    {
        var time = new FakeTimeProvider(T0);
        var database = await NewDatabaseAsync();
        return (Open(database, time), time, database);
    }

    [Fact]
    public async Task The_start_of_the_history_is_recorded_once_and_kept()
    {
        var (store, time, database) = await NewStoreAsync();
        Assert.Equal(T0, await store.StartedAtAsync());
        time.Advance(TimeSpan.FromDays(3));
        var later = Open(database, time);
        Assert.Equal(T0, await later.StartedAtAsync()); // an upgrade's start, not this process's
    }

    [Fact]
    public async Task Figures_are_one_row_a_minute_per_township_and_village_and_read_back_in_order()
    {
        var (store, _, _) = await NewStoreAsync();
        await store.WriteAsync(Figures(
            Sample("", T0.AddMinutes(1).AddSeconds(5), lit: 10),
            Sample("", T0.AddSeconds(10), lit: 7),
            Sample("", T0.AddSeconds(50), lit: 8), // the same minute, sampled again (another silo): replaces
            Sample("v1", T0.AddSeconds(12), lit: 3),
            Sample("", T0.AddMinutes(5), lit: 99))); // outside the period asked for

        var township = await store.ReadFiguresAsync("t1", null, T0, T0.AddMinutes(5), HistoryResolution.Minute);
        Assert.Equal([(T0, 8d), (T0.AddMinutes(1), 10d)], township.Select(p => (p.At, p.Lit)));
        Assert.Equal(new FigurePoint(T0, 100, 8, 2, 1, 4), township[0]);

        var village = await store.ReadFiguresAsync("t1", "v1", T0, T0.AddMinutes(5), HistoryResolution.Minute);
        Assert.Equal([(T0, 3d)], village.Select(p => (p.At, p.Lit)));
        Assert.Empty(await store.ReadFiguresAsync("t2", null, T0, T0.AddHours(1), HistoryResolution.Minute));
    }

    [Fact]
    public async Task Hours_are_the_means_of_their_minutes_before_and_after_the_roll_up_and_old_minutes_go()
    {
        var (store, _, _) = await NewStoreAsync();
        // Two hours of minutes: lit 0..59 in the first hour (mean 29.5), 100 throughout the second.
        var samples = Enumerable.Range(0, 60).Select(m => Sample("", T0.AddMinutes(m), lit: m))
            .Concat(Enumerable.Range(60, 60).Select(m => Sample("", T0.AddMinutes(m), lit: 100)));
        await store.WriteAsync(Figures([.. samples]));

        var expected = new[] { (T0, 29.5), (T0.AddHours(1), 100d) };
        var before = await store.ReadFiguresAsync("t1", null, T0.AddMinutes(30), T0.AddHours(2), HistoryResolution.Hour);
        Assert.Equal(expected, before.Select(p => (p.At, p.Lit)));

        var retention = new HistoryRetention { Minutes = TimeSpan.FromHours(1) };
        var result = await store.ApplyRetentionAsync(retention, T0.AddHours(2).AddMinutes(30));
        Assert.Equal(2, result.HoursRolledUp);
        Assert.Equal(60, result.MinutesRemoved); // older than an hour: the first hour (the second may be rolled up again)
        var after = await store.ReadFiguresAsync("t1", null, T0, T0.AddHours(3), HistoryResolution.Hour);
        Assert.Equal(expected, after.Select(p => (p.At, p.Lit)));
        Assert.Equal(60, (await store.ReadFiguresAsync("t1", null, T0, T0.AddHours(3), HistoryResolution.Minute)).Count);

        // A pass again changes nothing; hours past their own retention go.
        Assert.Equal(0, (await store.ApplyRetentionAsync(retention, T0.AddHours(2).AddMinutes(31))).MinutesRemoved);
        Assert.Equal(2, (await store.ApplyRetentionAsync(new HistoryRetention { Hours = TimeSpan.FromDays(1) }, T0.AddDays(2))).HoursRemoved);
    }

    [Fact]
    public async Task Minutes_not_yet_rolled_up_are_kept_whatever_their_age()
    {
        var (store, _, _) = await NewStoreAsync();
        await store.WriteAsync(Figures(Sample("", T0, lit: 1)));
        // A first pass long after (the silo was down): the minute is rolled up before it is removed.
        var result = await store.ApplyRetentionAsync(new HistoryRetention { Minutes = TimeSpan.FromMinutes(1) }, T0.AddDays(40));
        Assert.Equal((1, 1), (result.HoursRolledUp, result.MinutesRemoved));
        Assert.Equal([(T0, 1d)], (await store.ReadFiguresAsync("t1", null, T0, T0.AddHours(1), HistoryResolution.Hour)).Select(p => (p.At, p.Lit)));
    }

    [Fact]
    public async Task Lamp_hours_are_one_row_per_lamp_and_hour_and_expire()
    {
        var (store, _, _) = await NewStoreAsync();
        await store.WriteAsync(new HistoryBatch([], [
            new LampHour("L1", "t1", "v1", "g1", T0.AddMinutes(0), 50, 100, 0.5),
            new LampHour("L1", "t1", "v1", "g1", T0.AddMinutes(20), 60, 100, 1), // the same hour again: replaces
            new LampHour("L2", "t1", "", "t1", T0, 10, 20, 0.25),
            new LampHour("L1", "t1", "v1", "g1", T0.AddHours(1), 40, 100, 1),
            new LampHour("L9", "t2", "", "t2", T0, 1, 1, 1),
        ], []));

        var l1 = await store.ReadLampHoursAsync("t1", "L1", T0, T0.AddHours(2));
        Assert.Equal([new LampHour("L1", "t1", "v1", "g1", T0, 60, 100, 1), new LampHour("L1", "t1", "v1", "g1", T0.AddHours(1), 40, 100, 1)], l1);
        var firstHour = await store.ReadLampHoursAsync("t1", null, T0, T0.AddHours(1));
        Assert.Equal(["L1", "L2"], firstHour.Select(h => h.Lamp));
        Assert.Equal(70, firstHour.Sum(h => h.EnergyWh));

        var removed = (await store.ApplyRetentionAsync(new HistoryRetention { LampHours = TimeSpan.FromDays(1) }, T0.AddDays(1).AddMinutes(30))).LampHoursRemoved;
        Assert.Equal(3, removed); // the 08:00 hour of each lamp
        Assert.Single(await store.ReadLampHoursAsync("t1", null, T0, T0.AddDays(2)));
    }

    [Fact]
    public async Task An_incident_row_follows_its_lifecycle_and_an_older_snapshot_never_replaces_it()
    {
        var (store, _, _) = await NewStoreAsync();
        var reported = Incident("i1", T0) with { UpdatedAt = T0 };
        var closed = Incident("i1", T0) with
        {
            Status = "Closed", DispatchedAt = T0.AddMinutes(1), AcknowledgedAt = T0.AddMinutes(3), OnSiteAt = T0.AddMinutes(20),
            ResolvedAt = T0.AddHours(2), ClosedAt = T0.AddHours(3), Escalations = 1, Level = "Township", DeadlinesMissed = 1,
            Satisfaction = 4, UpdatedAt = T0.AddHours(3),
            Responders = [
                new ResponderTurn("r1", T0.AddMinutes(1), 1, 1, 0, null, null, null),
                new ResponderTurn("r2", T0.AddMinutes(2), 1, 0, 0, T0.AddMinutes(3), T0.AddMinutes(20), T0.AddHours(2)),
            ],
        };
        await store.WriteAsync(Incidents(reported));
        await store.WriteAsync(Incidents(closed));
        await store.WriteAsync(Incidents(reported)); // late: ignored

        var row = Assert.Single(await store.ReadIncidentsAsync("t1", T0, T0.AddDays(1)));
        Assert.Equivalent(closed, row, strict: true);
        Assert.Equal(closed.Responders, row.Responders);
    }

    [Fact]
    public async Task Incidents_are_read_by_when_they_were_reported_for_a_township_or_all_and_kept_forever_by_default()
    {
        var (store, _, _) = await NewStoreAsync();
        await store.WriteAsync(Incidents(
            Incident("b", T0.AddHours(1)), Incident("a", T0.AddHours(1)), Incident("before", T0.AddSeconds(-1)),
            Incident("end", T0.AddDays(1)), Incident("other", T0.AddHours(2)) with { Township = "t2" }));

        Assert.Equal(["a", "b"], (await store.ReadIncidentsAsync("t1", T0, T0.AddDays(1))).Select(i => i.Id));
        Assert.Equal(["a", "b", "other"], (await store.ReadIncidentsAsync(null, T0, T0.AddDays(1))).Select(i => i.Id));

        Assert.Equal(0, (await store.ApplyRetentionAsync(new HistoryRetention(), T0.AddYears(10))).IncidentsRemoved);
        Assert.Equal(5, (await store.ReadIncidentsAsync(null, T0.AddDays(-1), T0.AddDays(2))).Count);
        Assert.Equal(3, (await store.ApplyRetentionAsync(new HistoryRetention { Incidents = TimeSpan.FromDays(365) }, T0.AddDays(365).AddHours(1.5))).IncidentsRemoved);
        Assert.Equal(["other", "end"], (await store.ReadIncidentsAsync(null, T0.AddDays(-1), T0.AddDays(2))).Select(i => i.Id));
    }

    [Fact]
    public async Task Responder_figures_count_offers_refusals_and_work_done_in_the_period()
    {
        var (store, _, _) = await NewStoreAsync();
        await store.WriteAsync(Incidents(
            Incident("i1", T0) with
            {
                Satisfaction = 5,
                Responders = [
                    new ResponderTurn("r1", T0.AddMinutes(1), 1, 1, 0, null, null, null),
                    new ResponderTurn("r2", T0.AddMinutes(2), 1, 0, 0, T0.AddMinutes(12), T0.AddMinutes(30), T0.AddHours(1)),
                ],
            },
            Incident("i2", T0.AddHours(1)) with
            {
                Satisfaction = 3,
                Responders = [new ResponderTurn("r2", T0.AddHours(1), 2, 0, 1, T0.AddHours(1).AddMinutes(4), null, T0.AddHours(3))],
            },
            Incident("late", T0.AddDays(1)) with { Responders = [new ResponderTurn("r1", T0.AddDays(1), 1, 0, 0, null, null, null)] }));

        var figures = await store.ReadResponderFiguresAsync("t1", T0, T0.AddDays(1));
        Assert.Equal(2, figures.Count);
        Assert.Equal(new ResponderFigures("r1", "t1", 1, 1, 0, 0, 0, null, null), figures[0]);
        Assert.Equal(new ResponderFigures("r2", "t1", 3, 0, 1, 2, 2, 7, 4), figures[1]);
    }

    [Fact]
    public async Task The_audit_log_keeps_each_line_once_and_reads_it_across_days_by_township_actor_and_kind_newest_first()
    {
        var (store, _, database) = await NewStoreAsync();
        var audit = Assert.IsAssignableFrom<IAuditTrail>(store);
        var mode = Line("a1", T0.AddMinutes(1), "admin", "t1", "township.mode") with { Reason = "台风", Detail = "Emergency" };
        await audit.RecordAsync(mode);
        await audit.RecordAsync(mode with { Detail = "changed" }); // the same line again (a retry): kept as first written
        await audit.RecordAsync(Line("a2", T0, "Leader7", "t1", "incident.close"));
        await audit.RecordAsync(Line("a3", T0.AddMinutes(2), "admin", "t2", "lamp.command"));
        await audit.RecordAsync(Line("a4", T0.AddDays(1), "admin", "t1", "incident.urge"));
        await audit.RecordAsync(Line("a5", T0.AddHours(1), "?", AuditDays.County, "login.failed"));

        AuditQuery Query(string[] townships, string? actor = null, string? kind = null, int limit = 100) => new(T0, T0.AddDays(2), townships, actor, kind, limit);
        Assert.Equal([Line("a4", T0.AddDays(1), "admin", "t1", "incident.urge"), mode, Line("a2", T0, "Leader7", "t1", "incident.close")],
            await audit.QueryAsync(Query(["t1"])));
        Assert.Equal(["a4", "a5", "a3", "a1", "a2"], (await audit.QueryAsync(Query(["t1", "t2", AuditDays.County]))).Select(e => e.Id));
        Assert.Equal(["a4", "a2"], (await audit.QueryAsync(Query(["t1", "t2"], kind: "incident."))).Select(e => e.Id));
        Assert.Equal(["a2"], (await audit.QueryAsync(Query(["t1"], actor: "leader7"))).Select(e => e.Id)); // actor, whatever its case
        Assert.Equal(["a4", "a3"], (await audit.QueryAsync(Query(["t1", "t2"], actor: "admin", limit: 2))).Select(e => e.Id));
        Assert.Equal(["a1", "a2"], (await audit.QueryAsync(new AuditQuery(T0, T0.AddMinutes(1), ["t1"], null, null, 10))).Select(e => e.Id)); // both ends in

        // Durable and shared: another process on the database reads it; retention leaves it alone.
        await store.ApplyRetentionAsync(new HistoryRetention { Incidents = TimeSpan.FromDays(1) }, T0.AddYears(5));
        var other = Assert.IsAssignableFrom<IAuditTrail>(Open(database, new FakeTimeProvider(T0)));
        Assert.Equal(5, (await other.QueryAsync(Query(["t1", "t2", AuditDays.County]))).Count);
    }

    private static AuditEntry Line(string id, DateTimeOffset at, string actor, string township, string kind) => new()
    {
        Id = id, At = at, Actor = actor, Township = township, Kind = kind, Subject = "s-" + id,
    };

    private static FigureSample Sample(string village, DateTimeOffset at, int lit) => new("t1", village, "c1", at, 100, lit, 2, 1, 4);

    private static HistoryBatch Figures(params FigureSample[] samples) => new(samples, [], []);

    private static HistoryBatch Incidents(params IncidentRecord[] incidents) => new([], [], incidents);

    private static IncidentRecord Incident(string id, DateTimeOffset reportedAt) => new()
    {
        Id = id, Township = "t1", County = "c1", Village = "v1", Cell = "v1-g1", Number = "益门-1102-0001", Source = "Whistle",
        Category = "road", Severity = "Minor", Status = "Reported", ReportedAt = reportedAt, Level = "Village",
        RespondBy = reportedAt.AddHours(4), ResolveBy = reportedAt.AddDays(3), UpdatedAt = reportedAt,
    };
}
