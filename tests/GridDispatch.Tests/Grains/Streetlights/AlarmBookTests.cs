using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Tests.Grains.Streetlights;

public sealed class AlarmBookTests
{
    private const string Lamp = "yimen-L0001";
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 19, 0, 0, TimeSpan.FromHours(8));
    private static readonly FaultSet Leaking = FaultSet.Of(FaultCode.LEAKAGE);

    [Fact]
    public void A_fault_raises_one_alarm_and_repeats_raise_nothing()
    {
        var book = new AlarmBook();

        var first = book.Observe(Lamp, Leaking, T0, clearAfterReports: 3);
        var repeats = Enumerable.Range(1, 20).SelectMany(i => book.Observe(Lamp, Leaking, T0.AddSeconds(i), 3)).ToList();

        var raised = Assert.Single(first);
        Assert.Equal(AlarmStatus.Raised, raised.Transition);
        Assert.Equal(FaultCode.LEAKAGE, raised.Alarm.Code);
        Assert.Equal(AlarmSeverity.Critical, raised.Alarm.Severity);
        Assert.Equal($"{Lamp}:LEAKAGE:1", raised.Alarm.AlarmId);
        Assert.Empty(repeats);
        Assert.Single(book.Open);
    }

    [Fact]
    public void A_derived_fault_clears_only_after_enough_consecutive_clean_reports()
    {
        var book = new AlarmBook();
        book.Observe(Lamp, Leaking, T0, 3);

        Assert.Empty(book.Observe(Lamp, FaultSet.None, T0.AddSeconds(1), 3));
        Assert.Empty(book.Observe(Lamp, FaultSet.None, T0.AddSeconds(2), 3));
        var cleared = Assert.Single(book.Observe(Lamp, FaultSet.None, T0.AddSeconds(3), 3));

        Assert.Equal(AlarmStatus.Cleared, cleared.Transition);
        Assert.Equal(T0.AddSeconds(3), cleared.Alarm.ClearedAt);
        Assert.Empty(book.Open);
    }

    [Fact]
    public void A_value_flapping_at_the_threshold_keeps_one_alarm_open()
    {
        var book = new AlarmBook();
        var changes = new List<AlarmChange>();
        for (var i = 0; i < 50; i++)
            changes.AddRange(book.Observe(Lamp, i % 2 == 0 ? Leaking : FaultSet.None, T0.AddSeconds(i), 3));

        Assert.Single(changes);
        Assert.Equal(AlarmStatus.Raised, changes[0].Transition);
    }

    [Fact]
    public void After_clearing_the_same_fault_raises_a_new_alarm_with_a_new_id()
    {
        var book = new AlarmBook();
        var first = book.Observe(Lamp, Leaking, T0, 1).Single().Alarm.AlarmId;
        book.Observe(Lamp, FaultSet.None, T0.AddSeconds(1), 1);
        var second = book.Observe(Lamp, Leaking, T0.AddSeconds(2), 1).Single().Alarm.AlarmId;

        Assert.NotEqual(first, second);
        Assert.Equal($"{Lamp}:LEAKAGE:2", second);
    }

    [Fact]
    public void Each_fault_has_its_own_alarm()
    {
        var book = new AlarmBook();
        var raised = book.Observe(Lamp, FaultSet.Of(FaultCode.POLE_TILT, FaultCode.LAMP_FAILURE), T0, 3);

        Assert.Equal([FaultCode.LAMP_FAILURE, FaultCode.POLE_TILT], raised.Select(c => c.Alarm.Code).Order());
        Assert.Equal(FaultSet.Of(FaultCode.POLE_TILT, FaultCode.LAMP_FAILURE), book.OpenFaults);
    }

    [Fact]
    public void Comm_loss_is_raised_and_cleared_explicitly_and_reports_do_not_touch_it()
    {
        var book = new AlarmBook();
        Assert.NotNull(book.Raise(Lamp, FaultCode.COMM_LOSS, T0));
        Assert.Null(book.Raise(Lamp, FaultCode.COMM_LOSS, T0.AddMinutes(1)));

        Assert.Empty(Enumerable.Range(0, 5).SelectMany(i => book.Observe(Lamp, FaultSet.None, T0.AddMinutes(2 + i), 1)));
        Assert.True(book.OpenFaults.Contains(FaultCode.COMM_LOSS));

        var cleared = book.Clear(FaultCode.COMM_LOSS, T0.AddMinutes(9));
        Assert.Equal(AlarmStatus.Cleared, cleared!.Transition);
        Assert.Null(book.Clear(FaultCode.COMM_LOSS, T0.AddMinutes(10)));
    }

    [Fact]
    public void Acknowledging_records_who_once_and_refuses_unknown_alarms()
    {
        var book = new AlarmBook();
        var id = book.Observe(Lamp, Leaking, T0, 3).Single().Alarm.AlarmId;

        var acknowledged = book.Acknowledge(id, "hudeng-team-03", T0.AddMinutes(2));
        Assert.Equal(AlarmStatus.Acknowledged, acknowledged!.Alarm.Status);
        Assert.Equal("hudeng-team-03", acknowledged.Alarm.AcknowledgedBy);
        Assert.Null(book.Acknowledge(id, "someone-else", T0.AddMinutes(3)));
        Assert.Null(book.Acknowledge("yimen-L0001:LEAKAGE:99", "x", T0));

        // Acknowledged is still open: repeats do not raise a second alarm, and clearing still works.
        Assert.Empty(book.Observe(Lamp, Leaking, T0.AddMinutes(4), 1));
        Assert.Equal(AlarmStatus.Cleared, book.Observe(Lamp, FaultSet.None, T0.AddMinutes(5), 1).Single().Transition);
    }

    [Fact]
    public void Cleared_alarms_are_kept_for_the_lamp_drawer_newest_first_and_only_the_last_ten()
    {
        var book = new AlarmBook();
        for (var i = 0; i < 12; i++)
        {
            book.Raise(Lamp, FaultCode.LEAKAGE, T0.AddMinutes(i));
            Assert.NotNull(book.Clear(FaultCode.LEAKAGE, T0.AddMinutes(i).AddSeconds(30)));
        }

        Assert.Equal(AlarmBook.RecentKept, book.Recent.Count);
        Assert.Equal($"{Lamp}:LEAKAGE:12", book.Recent[0].AlarmId);
        Assert.Equal($"{Lamp}:LEAKAGE:3", book.Recent[^1].AlarmId);
        Assert.All(book.Recent, a => Assert.Equal(AlarmStatus.Cleared, a.Status));
        Assert.Null(book.Clear(FaultCode.LEAKAGE, T0.AddHours(1))); // nothing open: nothing kept
        Assert.Equal(AlarmBook.RecentKept, book.Recent.Count);
    }
}
