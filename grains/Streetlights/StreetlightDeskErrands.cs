namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// The lamp's errands to the work-order desk (<see cref="ILampWorkOrdersGrain"/>): each raised or cleared alarm is saved
/// together with its errand, and the errand is delivered after the call that raised it has its answer, in a turn of the
/// lamp's own. A timer delivers at once and again every <see cref="OutboxRetryEvery"/> until the desk confirms. A
/// reminder, registered before the answer and unregistered once nothing is left to deliver, wakes the lamp after a crash,
/// also a lamp that never speaks again (its power gone with the fault it reported).
/// </summary>
public sealed partial class StreetlightGrain
{
    private const string DeskReminder = "desk-errands";

    /// <summary>How often undelivered alarm changes are offered to the work-order desk again while the lamp is active.</summary>
    public static readonly TimeSpan OutboxRetryEvery = TimeSpan.FromSeconds(5);

    private IGrainTimer? _outboxRetry;
    private IGrainReminder? _deskReminder;

    /// <summary>After a crash, the reminder ticks at most this often (Orleans' floor for a reminder, a minute unless configured).</summary>
    private TimeSpan DeskReminderEvery => reminders.Value.MinimumReminderPeriod > OutboxRetryEvery ? reminders.Value.MinimumReminderPeriod : OutboxRetryEvery;

    /// <summary>
    /// Before the caller's answer: the delivery in the lamp's next turn (it saves first what a failed save left unsaved),
    /// and the reminder that outlives a crash.
    /// </summary>
    private async Task DeliverToDeskSoon()
    {
        DeliverOutboxSoon(TimeSpan.Zero);
        _deskReminder ??= await this.RegisterOrUpdateReminder(DeskReminder, DeskReminderEvery, DeskReminderEvery);
    }

    /// <summary>
    /// The outbox: raised alarms become (or join) work orders, cleared ones tell their order the lamp is
    /// back, in order, each removed once the desk confirmed it. The desk is idempotent by alarm id, so an
    /// errand delivered twice (a crash before the removal was saved) files nothing twice.
    /// </summary>
    private async Task DeliverOutbox()
    {
        if (S.Outbox.Count == 0) return; // the usual report: nothing raised or cleared
        if (S.Dirty) await SaveAsync(); // the alarm itself first, if the write that should have saved it failed
        var profile = S.Profile!;
        var desk = GrainFactory.GetGrain<ILampWorkOrdersGrain>(profile.Township);
        while (S.Outbox.Count > 0)
        {
            var change = S.Outbox[0];
            if (change.Transition == AlarmStatus.Cleared) await desk.AlarmCleared(change.Alarm, profile);
            else if (S.Alarms.Open.Values.Any(a => a.AlarmId == change.Alarm.AlarmId)) await desk.AlarmRaised(change.Alarm, profile);
            // else: raised and cleared before the desk heard of it; its "cleared" follows and settles anything filed.
            crash.Reached("lamp.desk-told");
            S.DeskConfirmed();
            S.Dirty = true; // saved with the next write: delivering again is harmless
        }
    }

    /// <summary>
    /// Delivers the outbox in a turn of its own, after <paramref name="dueIn"/>, and again every <see cref="OutboxRetryEvery"/>
    /// until the desk confirms and the reminder is gone. Calls to the lamp wait for that turn (a timer does not interleave),
    /// so its state stays its own.
    /// </summary>
    private void DeliverOutboxSoon(TimeSpan dueIn) =>
        _outboxRetry ??= this.RegisterGrainTimer(async () =>
        {
            try
            {
                await DeliverOutbox();
            }
            catch (Exception) when (S.Outbox.Count > 0)
            {
                return; // the timer tries again
            }

            await ForgetDeskReminder(); // if this fails, the timer tries again
            _outboxRetry?.Dispose();
            _outboxRetry = null;
        }, dueIn, OutboxRetryEvery);

    /// <summary>The reminder's tick: the lamp woke after a crash (or its delivery is late): deliver, or drop a reminder no longer needed.</summary>
    private Task DeskReminderTick()
    {
        if (S.Outbox.Count == 0) return ForgetDeskReminder();
        DeliverOutboxSoon(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    /// <summary>Nothing left to deliver: the reminder goes (read back first when a crash took the handle this activation had).</summary>
    private async Task ForgetDeskReminder()
    {
        if ((_deskReminder ?? await this.GetReminder(DeskReminder)) is { } reminder) await this.UnregisterReminder(reminder);
        _deskReminder = null;
    }
}
