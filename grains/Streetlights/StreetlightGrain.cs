using GridDispatch.Grains.Common;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Grid;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GridDispatch.Grains.Streetlights;

public sealed partial class StreetlightGrain(
    [PersistentState("lamp")] IPersistentState<StreetlightState> state,
    IOptions<FaultThresholds> thresholds,
    LampLivenessMonitor liveness,
    IDomainEvents events,
    DomainClock clock,
    CrashPoints crash,
    IOptions<ReminderOptions> reminders) : Grain, IStreetlightGrain, IRemindable
{
    /// <summary>Telemetry alone is saved at most this often; alarm changes are saved at once.</summary>
    public static readonly TimeSpan SaveEvery = TimeSpan.FromMinutes(5);

    private FaultThresholds Limits => thresholds.Value;
    private StreetlightState S => state.State;
    // Kept: the key is rebuilt as a new string on every call, and the liveness monitor keys its entry by this one. The
    // profile's copy when there is one: a second string of the same id in every lamp is memory for nothing.
    private string LampId => _lampId ??= S.Profile?.LampId ?? this.GetPrimaryKeyString();
    private string? _lampId;

    private DateTimeOffset Now => clock.Now;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Watch from the last time we heard of it, but not from before this silo started: what was heard
        // in the last minutes before a crash may not have been saved (telemetry is saved lazily).
        if (S.Profile is { } profile)
        {
            S.Profile = profile.Shared();
            S.Contributed = S.Contributed?.Shared();
            liveness.Watch(LampId, S.LastSeen ?? clock.Now);
        }

        // A crash left alarm changes the desk has not confirmed (woken by its reminder, or by a report): deliver them now.
        if (S.Outbox.Count > 0) DeliverOutboxSoon(TimeSpan.FromMilliseconds(100));
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => reminderName switch
    {
        MaintenanceReminder => MaintenanceTick(),
        DeskReminder => DeskReminderTick(),
        _ => Task.CompletedTask,
    };

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        liveness.Forget(LampId);
        if (S.Dirty) await SaveAsync();
    }

    public async Task Configure(LampProfile profile)
    {
        var previousCell = S.Profile is { } old ? CellKeys.Cell(old.Township, old.Cell) : null;
        S.Profile = profile.Shared();
        S.LastSeen ??= clock.Now;
        await SaveAsync();
        liveness.Seen(LampId, S.LastSeen.Value);
        var cell = CellKeys.Cell(profile.Township, profile.Cell);
        if (previousCell is not null && previousCell != cell)
            await GrainFactory.GetGrain<IGridCellGrain>(previousCell).Contribute(ContributorKey, CellFigures.Zero);
        await Publish([], force: true);
    }

    public async Task<TelemetryOutcome> ReportTelemetry(LampTelemetry t)
    {
        if (S.Profile is not { } profile) return TelemetryOutcome.UnknownLamp;
        if (TelemetryLimits.Check(t, clock.Now) is not null) return TelemetryOutcome.OutOfRange;
        if (S.Last is { } last && t.Timestamp <= last.Timestamp) return last.Is(t) ? TelemetryOutcome.Duplicate : TelemetryOutcome.Stale;

        var changes = Heard();
        S.Alarms.Observe(LampId, Faults(t, profile), clock.Now, Limits.ClearAfterReports, changes);
        var visibleChange = S.Last is not { } previous || previous.On != t.On || Band(previous.Brightness) != Band(t.Brightness);
        (S.Last ??= new()).Take(t);
        if (S.Energy.Record(t, profile.RatedWatts, ScheduledOn) is { } hour)
            events.Publish(new LampHourEnded { Township = profile.Township, At = clock.Now, LampId = LampId, Cell = profile.Cell, Village = profile.Village, Energy = hour });
        await Commit(changes, visibleChange);
        return TelemetryOutcome.Accepted;
    }

    /// <summary>What this report shows: the detector's faults, TALQ's relay and power checks, and the health counters' (counting this report's switch).</summary>
    private FaultSet Faults(LampTelemetry t, LampProfile profile)
    {
        var program = S.Lighting?.Program;
        var faults = FaultDetector.Detect(t, profile.Kind, Limits, program, litOnPurpose: S.EmergencyLit)
            .Union(PowerBand.Judge(t, profile.RatedWatts, Limits))
            .Union(S.Health.Record(t, S.Last?.On, S.Energy.LitHours, Limits));
        return RelayCheck.StuckClosed(t, profile.Kind, Limits) ? faults.With(FaultCode.RELAY_FAILURE) : faults;
    }

    public async Task<TelemetryOutcome> ReportDeviceEvent(LampDeviceEvent e)
    {
        if (S.Profile is null) return TelemetryOutcome.UnknownLamp;
        if (e.Timestamp > clock.Now + TelemetryLimits.MaxClockSkew) return TelemetryOutcome.OutOfRange;
        var changes = Heard();
        var change = (e.Type, e.Code) switch
        {
            (LampDeviceEventType.Fault, { } code) when code != FaultCode.COMM_LOSS => S.Alarms.Raise(LampId, code, clock.Now),
            (LampDeviceEventType.Restore, { } code) when code != FaultCode.COMM_LOSS => S.Alarms.Clear(code, clock.Now),
            _ => null,
        };
        if (change is not null) changes.Add(change);
        await Commit(changes, visibleChange: false);
        return TelemetryOutcome.Accepted;
    }

    public async Task<TelemetryOutcome> ReportConnection(bool online, DateTimeOffset at, bool listening = true)
    {
        if (S.Profile is null) return TelemetryOutcome.UnknownLamp;
        var changes = online ? Heard(retryCommands: listening) : [];
        var visibleChange = S.Connected != online;
        S.Connected = online;
        await Commit(changes, visibleChange);
        return TelemetryOutcome.Accepted;
    }

    public async Task ReportSilence(DateTimeOffset lastSeen)
    {
        if (S.Profile is null || S.LastSeen > lastSeen) return; // it spoke since
        var raised = S.Alarms.Raise(LampId, FaultCode.COMM_LOSS, clock.Now);
        await Commit(raised is null ? [] : [raised], visibleChange: false);
    }

    public async Task<bool> AcknowledgeAlarm(string alarmId, string by, string? note = null)
    {
        if (S.Alarms.Acknowledge(alarmId, by, clock.Now, note) is not { } change) return false;
        await Commit([change], visibleChange: false);
        return true;
    }

    public Task<LampCommandResult> SetBrightness(int brightness, string by) =>
        brightness is < 0 or > 100 ? Task.FromResult(new LampCommandResult(null, "brightness must be 0 to 100"))
        : Send(LampCommandType.SetBrightness, brightness, [], by);

    public Task<LampCommandResult> SetProfile(IReadOnlyList<DimmingStep> profile, string by) =>
        profile.Count is 0 or > 12 || profile.Any(s => !s.IsValid)
            ? Task.FromResult(new LampCommandResult(null, "a profile has 1 to 12 steps of HH:mm–HH:mm at 0–100 %"))
            : Send(LampCommandType.SetProfile, null, profile, by);

    public async Task<TelemetryOutcome> CommandAcknowledged(string cmdId, bool ok)
    {
        if (S.Profile is not { } profile) return TelemetryOutcome.UnknownLamp;
        // Settled first: hearing the lamp re-sends its overdue commands, and this one, answered late, is not overdue but done.
        var settled = S.Commands.Acknowledge(cmdId, ok);
        // An acknowledgement is the lamp speaking: a COMM_LOSS it clears goes to the desk and the screens like any other.
        var changes = Heard();
        if (settled is not null)
        {
            ProgramSettled(settled);
            await SaveAsync();
            events.Publish(new LampCommandSettled { Township = profile.Township, At = clock.Now, Command = settled });
            TellGroup(settled);
        }

        await Commit(changes, visibleChange: false);
        return settled is null ? TelemetryOutcome.Stale : TelemetryOutcome.Accepted;
    }

    /// <summary>
    /// Sends a command; one not from a lighting program (<paramref name="program"/>) ends the program the lamp ran, and
    /// withdraws the program's profile if it is still pending. A program likewise withdraws a brightness still pending (an
    /// emergency's 100 % held for an offline lamp). Either way the newer is what the lamp should do, and a re-send of the
    /// older would reach it in no particular order.
    /// </summary>
    private async Task<LampCommandResult> Send(
        LampCommandType type, int? brightness, IReadOnlyList<DimmingStep> profile, string by, LampProgram? program = null, string? group = null, bool emergency = false)
    {
        if (S.Profile is not { } lamp) return new LampCommandResult(null, $"no lamp {LampId}");
        var programCmd = S.Lighting?.CmdId;
        var withdrawn = S.Commands.Withdraw(c => program is null ? c.CmdId == programCmd && c.Type != type : c.Type == LampCommandType.SetBrightness);
        var (sent, superseded) = S.Commands.Issue(new LampCommand
        {
            CmdId = "", LampId = LampId, Township = lamp.Township, Type = type, Brightness = brightness, Profile = [.. profile],
            IssuedBy = by, IssuedAt = clock.Now, SwitchLux = program?.SwitchLux, Group = group,
        }, clock.Now, held: group is not null && !Online);
        S.Lighting = program is null ? null : new RunningProgram(program, sent.CmdId, Acknowledged: false);
        S.EmergencyLit = emergency;
        await SaveAsync(); // durable before it is acknowledged to the operator
        foreach (var ended in superseded is null ? withdrawn : [.. withdrawn, superseded])
        {
            events.Publish(new LampCommandSettled { Township = lamp.Township, At = clock.Now, Command = ended });
            TellGroup(ended);
        }

        if (!sent.Held) events.Publish(new LampCommandIssued { Township = lamp.Township, At = clock.Now, Command = sent });
        return new LampCommandResult(sent, null);
    }

    /// <summary>The lamp spoke: re-send overdue commands, give up on exhausted ones.</summary>
    private void RetryCommands()
    {
        if (S.Commands.Pending.Count == 0) return;
        var (resend, givenUp) = S.Commands.Due(clock.Now);
        foreach (var command in resend) events.Publish(new LampCommandIssued { Township = command.Township, At = clock.Now, Command = command });
        foreach (var command in givenUp) events.Publish(new LampCommandSettled { Township = command.Township, At = clock.Now, Command = command });
        foreach (var command in givenUp) TellGroup(command);
        if (resend.Count + givenUp.Count > 0) S.Dirty = true;
    }

    public Task<LampSnapshot?> GetSnapshot() => Task.FromResult(S.Profile is null ? null : Snapshot());

    /// <summary>Any message ends a silence: note it and clear COMM_LOSS; a lamp that is listening gets its overdue and held commands.</summary>
    private List<AlarmChange> Heard(bool retryCommands = true)
    {
        S.LastSeen = clock.Now;
        liveness.Seen(LampId, S.LastSeen.Value);
        if (retryCommands) RetryCommands();
        var changes = new List<AlarmChange>(0);
        if (S.Alarms.Clear(FaultCode.COMM_LOSS, clock.Now) is { } cleared) changes.Add(cleared);
        return changes;
    }

    /// <summary>Screens show brightness in 10 % bands; smaller wiggles are not worth an event.</summary>
    private static int Band(double? brightness) => brightness is { } b ? (int)Math.Round(b / 10) : -1;

    /// <summary>
    /// Saves (at once if an alarm changed, together with the errand to the work-order desk: one write, so
    /// an alarm never exists without it), then tells the cell and the screens; the desk hears of it after the caller's answer.
    /// </summary>
    private async Task Commit(List<AlarmChange> changes, bool visibleChange)
    {
        S.Dirty = true;
        if (S.Maintenance is { } maintenance && maintenance.Until <= clock.Now) visibleChange |= LeaveMaintenance(changes);
        for (var i = 0; i < changes.Count; i++)
        {
            // In maintenance a new alarm is kept and shown as suppressed, and the desk never hears of it (nor of its clearing).
            if (S.Maintenance is not null && changes[i].Transition == AlarmStatus.Raised && !changes[i].Alarm.Suppressed) changes[i] = S.Alarms.Suppress(changes[i]);
            if (changes[i].Transition != AlarmStatus.Acknowledged && !changes[i].Alarm.Suppressed) S.ToDesk(changes[i]);
        }

        // The desk hears of an errand after the caller's answer (a device's connection takes one message at a time, so a
        // concentrator's next lamp does not wait for a work order); the reminder that wakes the lamp to deliver it should the
        // silo die first is registered meanwhile, in the same group commit as the save.
        var reminding = S.Outbox.Count > 0 ? DeliverToDeskSoon() : Task.CompletedTask;
        try
        {
            if (changes.Count > 0 || clock.Now - S.SavedAt > SaveEvery) await SaveAsync();
            if (changes.Count > 0) crash.Reached("lamp.alarm-saved");
            await Publish(changes, force: visibleChange || changes.Count > 0);
        }
        finally
        {
            await reminding;
        }
    }

    private async Task Publish(List<AlarmChange> changes, bool force)
    {
        var profile = S.Profile!;
        var contribution = Contribution();
        if (contribution != S.Contributed)
        {
            await GrainFactory.GetGrain<IGridCellGrain>(CellKeys.Cell(profile.Township, profile.Cell)).Contribute(ContributorKey, contribution);
            S.Contributed = contribution;
            if (changes.Count > 0) crash.Reached("lamp.cell-told");
        }

        foreach (var change in changes) events.Publish(AlarmEvent(change, profile));
        if (force) events.Publish(new LampChanged { Township = profile.Township, At = clock.Now, Lamp = Snapshot() });
    }

    private DomainEvent AlarmEvent(AlarmChange change, LampProfile profile) => change.Transition switch
    {
        AlarmStatus.Raised => new AlarmRaised { Township = profile.Township, At = clock.Now, Alarm = change.Alarm, Cell = profile.Cell, Village = profile.Village },
        AlarmStatus.Acknowledged => new AlarmAcknowledged { Township = profile.Township, At = clock.Now, Alarm = change.Alarm, Cell = profile.Cell, Village = profile.Village },
        _ => new AlarmCleared { Township = profile.Township, At = clock.Now, Alarm = change.Alarm, Cell = profile.Cell, Village = profile.Village },
    };

    private bool Online => S.Connected && !S.Alarms.OpenFaults.Contains(FaultCode.COMM_LOSS);

    /// <summary>This lamp's share of its cell's figures.</summary>
    private CellFigures Contribution()
    {
        var faults = S.Alarms.OpenFaults.Without(FaultCode.COMM_LOSS).Without(FaultCode.DAY_BURNING);
        return CellFigures.OneLamp(lit: Online && S.Last?.On == true, faulty: !faults.IsEmpty, offline: !Online);
    }

    private string ContributorKey => "lamp:" + LampId;

    private LampSnapshot Snapshot()
    {
        var profile = S.Profile!;
        return new LampSnapshot
        {
            LampId = LampId, Township = profile.Township, Cell = profile.Cell, Village = profile.Village,
            Lat = profile.Lat, Lon = profile.Lon, On = S.Last?.On == true, Brightness = S.Last?.Brightness,
            Online = Online, OpenFaults = S.Alarms.OpenFaults, LastSeen = S.LastSeen,
            EnergyUsedWh = S.Energy.UsedWh, BaselineWh = S.Energy.BaselineWh, OpenAlarms = [.. S.Alarms.Open.Values],
            Name = profile.Name, Feeder = profile.Feeder, Maintenance = S.Maintenance,
            BurnHours = S.Energy.LitHours, Switches = S.Health.Switches,
        };
    }

    private async Task SaveAsync()
    {
        S.Dirty = false;
        S.SavedAt = clock.Now;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception)
        {
            S.Dirty = true; // not on disk: the next call must not take it for saved
            throw;
        }
    }
}

[GenerateSerializer, Alias("GridDispatch.Streetlights.StreetlightState")]
public sealed class StreetlightState
{
    [Id(0)] public LampProfile? Profile { get; set; }
    [Id(1)] public LastReport? Last { get; set; }
    [Id(2)] public DateTimeOffset? LastSeen { get; set; }
    /// <summary>Per the broker: connected, or its will message said offline. New lamps count as connected until told otherwise.</summary>
    [Id(3)] public bool Connected { get; set; } = true;
    [Id(4)] public AlarmBook Alarms { get; set; } = new();
    [Id(5)] public EnergyMeter Energy { get; set; } = new();
    [Id(6)] public CellFigures? Contributed { get; set; }
    [Id(7)] public DateTimeOffset SavedAt { get; set; }
    [Id(8)] public bool Dirty { get; set; }
    [Id(9)] public LampCommandBook Commands { get; set; } = new();
    // Null while empty, as it is for most lamps nearly always: an empty list in every lamp is memory for nothing (#22 goal 5).
    [Id(10)] private List<AlarmChange>? _outbox;
    /// <summary>Raised and cleared alarms the work-order desk has not yet confirmed, oldest first; saved with the alarms themselves.</summary>
    public IReadOnlyList<AlarmChange> Outbox => _outbox ?? [];

    public void ToDesk(AlarmChange change) => (_outbox ??= []).Add(change);

    /// <summary>The oldest errand, confirmed by the desk.</summary>
    public void DeskConfirmed()
    {
        _outbox!.RemoveAt(0);
        if (_outbox.Count == 0) _outbox = null;
    }
    /// <summary>检修 in progress, if any.</summary>
    [Id(11)] public LampMaintenance? Maintenance { get; set; }
    /// <summary>The lighting program last sent, if a manual command has not replaced it since.</summary>
    [Id(12)] public RunningProgram? Lighting { get; set; }
    /// <summary>The last group command this lamp took part in: asked again, it is not sent again.</summary>
    [Id(13)] public string? LastGroup { get; set; }
    /// <summary>How the lamp's part of <see cref="LastGroup"/> ended; null while pending.</summary>
    [Id(14)] public LampCommandStatus? LastGroupStatus { get; set; }
    /// <summary>Lit by an emergency (应急照明) and commanded nothing since: lit by day is no DAY_BURNING.</summary>
    [Id(15)] public bool EmergencyLit { get; set; }
    /// <summary>Switch count and recent switches (TALQ's lamp-health counters; burn hours are <see cref="EnergyMeter.LitHours"/>).</summary>
    [Id(16)] public LampHealth Health { get; set; } = new();
}
