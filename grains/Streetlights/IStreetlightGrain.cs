namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// One smart streetlight (智能路灯). Telemetry in; faults derived, alarms raised once and cleared
/// when the telemetry says so; its state rolled up to its grid cell. Keyed by lamp id.
/// </summary>
[Alias("GridDispatch.Streetlights.IStreetlightGrain")]
public interface IStreetlightGrain : IGrainWithStringKey
{
    /// <summary>Imports or updates the lamp from the topology.</summary>
    [Alias("Configure")] Task Configure(LampProfile profile);

    /// <summary>Applies one report. Alarm changes it causes are saved before this returns.</summary>
    [Alias("ReportTelemetry")] Task<TelemetryOutcome> ReportTelemetry(LampTelemetry telemetry);

    [Alias("ReportDeviceEvent")] Task<TelemetryOutcome> ReportDeviceEvent(LampDeviceEvent deviceEvent);

    /// <summary>
    /// The broker says the lamp connected or vanished (its will message). A connection the broker reports as it
    /// opens is not <paramref name="listening"/> yet (the lamp subscribes after): commands wait for its first message.
    /// </summary>
    [Alias("ReportConnection")] Task<TelemetryOutcome> ReportConnection(bool online, DateTimeOffset at, bool listening = true);

    /// <summary>The liveness monitor saw nothing since <paramref name="lastSeen"/> for too long.</summary>
    [Alias("ReportSilence")] Task ReportSilence(DateTimeOffset lastSeen);

    /// <summary>接警: a responder or the command centre takes an alarm on. False if unknown or already cleared.</summary>
    [Alias("AcknowledgeAlarm")] Task<bool> AcknowledgeAlarm(string alarmId, string by, string? note = null);

    /// <summary>检修 until <paramref name="until"/> (at most <see cref="LampMaintenance.Longest"/> ahead): alarms meanwhile are suppressed. Null for an unknown lamp.</summary>
    [Alias("StartMaintenance")] Task<LampSnapshot?> StartMaintenance(DateTimeOffset until, string by, string? reason);

    /// <summary>Ends maintenance now (it also ends by itself): suppressed alarms still open are raised. Null for an unknown lamp.</summary>
    [Alias("EndMaintenance")] Task<LampSnapshot?> EndMaintenance(string by);

    /// <summary>调光: sends a brightness command (0–100 %) to the lamp, tracked until it acknowledges.</summary>
    [Alias("SetBrightness")] Task<LampCommandResult> SetBrightness(int brightness, string by);

    /// <summary>Sends a dimming profile (at most 12 steps, HH:mm–HH:mm at 0–100 %).</summary>
    [Alias("SetProfile")] Task<LampCommandResult> SetProfile(IReadOnlyList<DimmingStep> profile, string by);

    /// <summary>
    /// Sends the lamp its lighting program (a profile it runs on its own), unless it already has it or it
    /// is on its way: an empty result means nothing was sent.
    /// </summary>
    [Alias("RunProgram")] Task<LampCommandResult> RunProgram(LampProgram program, string by);

    /// <summary>The lighting program the lamp was last sent; null if none, or a manual command replaced it.</summary>
    [Alias("GetProgram")] Task<LampProgram?> GetProgram();

    /// <summary>What the topology says the lamp is; null for a lamp never imported.</summary>
    [Alias("GetProfile")] Task<LampProfile?> GetProfile();

    /// <summary>
    /// The lamp's part of group command <paramref name="group"/>: sent now, or held until the lamp next speaks if
    /// it is offline; its end is told to the group (<see cref="ILampCommandGroupGrain"/>). Asked again for the
    /// same group, nothing is sent (an empty result). An <paramref name="emergency"/>'s part lights the lamp on purpose:
    /// no DAY_BURNING until its next command.
    /// </summary>
    [Alias("RunGroupCommand")] Task<LampCommandResult> RunGroupCommand(string group, LampCommandType type, int? brightness, IReadOnlyList<DimmingStep> profile, string by, bool emergency = false);

    /// <summary>How the lamp's part of <paramref name="group"/> stands (pending, or how it ended); null if it had none, or has taken part in a later group since.</summary>
    [Alias("GetGroupPart")] Task<LampCommandStatus?> GetGroupPart(string group);

    /// <summary>As <see cref="GetGroupPart"/>, after re-sending the part if it was sent at least <paramref name="olderThan"/> ago and the lamp is online (the group's periodic check).</summary>
    [Alias("CheckGroupPart")] Task<LampCommandStatus?> CheckGroupPart(string group, TimeSpan olderThan);

    /// <summary>The lamp's <c>…/cmd/ack</c>.</summary>
    [Alias("CommandAcknowledged")] Task<TelemetryOutcome> CommandAcknowledged(string cmdId, bool ok);

    /// <summary>Null for a lamp never imported.</summary>
    [Alias("GetSnapshot")] Task<LampSnapshot?> GetSnapshot();

    /// <summary>The lamp drawer's history: last report, recent alarms and commands; null for an unknown lamp.</summary>
    [Alias("GetLog")] Task<LampLog?> GetLog();
}
