namespace GridDispatch.Grains.Streetlights;

/// <summary>检修 (<see cref="LampMaintenance"/>): a lamp's alarms suppressed for a period that ends by itself.</summary>
public sealed partial class StreetlightGrain
{
    private const string MaintenanceReminder = "maintenance";

    /// <summary>How often a lamp in maintenance checks whether its period is over (Orleans' reminder floor).</summary>
    private static readonly TimeSpan MaintenanceCheckEvery = TimeSpan.FromMinutes(1);

    public async Task<LampSnapshot?> StartMaintenance(DateTimeOffset until, string by, string? reason)
    {
        if (S.Profile is null) return null;
        S.Maintenance = new LampMaintenance { Since = S.Maintenance?.Since ?? Now, Until = until, By = by, Reason = reason };
        // The reminder ends it for a lamp that stays quiet; a lamp that speaks ends it on its next report.
        await this.RegisterOrUpdateReminder(MaintenanceReminder, MaintenanceCheckEvery, MaintenanceCheckEvery);
        await Commit([], visibleChange: true);
        return Snapshot();
    }

    public async Task<LampSnapshot?> EndMaintenance(string by)
    {
        if (S.Profile is null) return null;
        var changes = new List<AlarmChange>();
        if (S.Maintenance is not null) LeaveMaintenance(changes);
        await Commit(changes, visibleChange: true);
        if (await this.GetReminder(MaintenanceReminder) is { } reminder) await this.UnregisterReminder(reminder);
        return Snapshot();
    }

    /// <summary>The maintenance reminder's tick: a period that ended while the lamp stayed quiet ends here.</summary>
    private async Task MaintenanceTick()
    {
        if (S.Maintenance is { } maintenance && maintenance.Until > Now) return;
        if (S.Maintenance is not null) await Commit([], visibleChange: true); // leaves maintenance
        if (await this.GetReminder(MaintenanceReminder) is { } reminder) await this.UnregisterReminder(reminder);
    }

    /// <summary>Out of maintenance: suppressed alarms still open are raised again (to the desk and the screens).</summary>
    private bool LeaveMaintenance(List<AlarmChange> changes)
    {
        S.Maintenance = null;
        changes.AddRange(S.Alarms.Restore());
        return true;
    }
}
