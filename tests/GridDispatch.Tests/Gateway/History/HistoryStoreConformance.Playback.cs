using GridDispatch.Gateway.History;

namespace GridDispatch.Tests.Gateway.History;

/// <summary>The map's trails and playback rows: positions, alarms, incident steps.</summary>
public abstract partial class HistoryStoreConformance
{
    [Fact]
    public async Task Positions_alarms_and_incident_steps_read_back_by_window_and_township()
    {
        var (store, _, _) = await NewStoreAsync();
        await store.WriteAsync(HistoryBatch.Empty with
        {
            Positions =
            [
                new("r1", "t1", T0.AddMinutes(-5), 26.50, 102.40, "Available"),
                new("r1", "t1", T0.AddMinutes(10), 26.51, 102.41, "EnRoute"),
                new("r2", "t2", T0.AddMinutes(10), 26.60, 102.50, "Available"), // another township
            ],
            Alarms =
            [
                new("L1:LEAKAGE:1", "t1", "L1", "c1", "LEAKAGE", "Critical", T0.AddHours(-2), ClearedAt: T0.AddMinutes(-1)), // over before the window
                new("L1:LAMP_FAILURE:1", "t1", "L1", "c1", "LAMP_FAILURE", "Major", T0.AddHours(-1)), // raised before, still standing
                new("L2:LEAKAGE:1", "t1", "L2", "c1", "LEAKAGE", "Critical", T0.AddMinutes(20)),
                new("L3:LEAKAGE:1", "t1", "L3", "c1", "LEAKAGE", "Critical", T0.AddMinutes(70)), // after it
            ],
            IncidentSteps =
            [
                Step("i1", 0, T0.AddMinutes(15), "Reported", "Reported"),
                Step("i1", 1, T0.AddMinutes(16), "Dispatched", "Dispatched"),
                Step("i2", 0, T0.AddMinutes(-30), "Reported", "Reported"),
            ],
        });
        // Later copies: the alarm gains its acknowledgement and clearing; a step written again stays as it was.
        await store.WriteAsync(HistoryBatch.Empty with
        {
            Alarms = [new("L2:LEAKAGE:1", "t1", "L2", "c1", "LEAKAGE", "Critical", T0.AddMinutes(20), T0.AddMinutes(25), "admin", T0.AddMinutes(40))],
            IncidentSteps = [Step("i1", 1, T0.AddMinutes(50), "Changed", "Closed")],
        });
        // A late, older copy of the alarm takes nothing away.
        await store.WriteAsync(HistoryBatch.Empty with { Alarms = [new("L2:LEAKAGE:1", "t1", "L2", "c1", "LEAKAGE", "Critical", T0.AddMinutes(20))] });

        var (from, to) = (T0, T0.AddHours(1));
        var positions = await store.ReadPositionsAsync("t1", from, to);
        Assert.Equal([("r1", T0.AddMinutes(10), 26.51, 102.41, "EnRoute")], positions.Select(p => (p.Responder, p.At, p.Lat, p.Lon, p.Status)));
        Assert.Equal(2, (await store.ReadPositionsAsync("t1", from.AddHours(-1), to)).Count);

        var alarms = await store.ReadAlarmsAsync("t1", from, to);
        Assert.Equal(["L1:LAMP_FAILURE:1", "L2:LEAKAGE:1"], alarms.Select(a => a.AlarmId));
        Assert.Equal(new AlarmRecord("L2:LEAKAGE:1", "t1", "L2", "c1", "LEAKAGE", "Critical", T0.AddMinutes(20), T0.AddMinutes(25), "admin", T0.AddMinutes(40)), alarms[1]);

        var steps = await store.ReadIncidentStepsAsync("t1", from, to);
        Assert.Equal([("i1", 0, "Reported"), ("i1", 1, "Dispatched")], steps.Select(s => (s.IncidentId, s.Seq, s.Status)));
        Assert.Equal(Step("i1", 1, T0.AddMinutes(16), "Dispatched", "Dispatched"), steps[1]);
        Assert.Empty(await store.ReadIncidentStepsAsync("t2", from, to));

        // Retention: a day on, with a day's playback kept, everything but the alarm still standing goes.
        var removed = await store.ApplyRetentionAsync(new HistoryRetention { Playback = TimeSpan.FromDays(1) }, T0.AddDays(1).AddHours(2));
        Assert.Equal(3 + 2 + 3, removed.PlaybackRowsRemoved);
        Assert.Equal(["L1:LAMP_FAILURE:1", "L3:LEAKAGE:1"], (await store.ReadAlarmsAsync("t1", T0.AddDays(-1), T0.AddDays(2))).Select(a => a.AlarmId));
    }

    private static IncidentStep Step(string id, int seq, DateTimeOffset at, string kind, string status) =>
        new(id, seq, "t1", at, kind, status, "Minor", "lighting", "c1", 26.5, 102.4, seq > 0 ? "r1" : null);
}
