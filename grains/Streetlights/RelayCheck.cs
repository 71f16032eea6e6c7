using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// TALQ's relay failure, as far as telemetry shows it: the controller says its lamp is off, yet current flows with the
/// mains present, so its relay is stuck closed and the lamp burns whatever it is told (RELAY_FAILURE). A relay that
/// does not close looks like a dead lamp from outside, and stays LAMP_OUT (dark when due) or LAMP_FAILURE (on, no current).
/// </summary>
public static class RelayCheck
{
    public static bool StuckClosed(LampTelemetry t, LampKind kind, FaultThresholds limits) =>
        kind == LampKind.Mains && t.On == false && t.Voltage >= limits.MinVoltage && t.Current >= limits.RelayStuckCurrent;
}
