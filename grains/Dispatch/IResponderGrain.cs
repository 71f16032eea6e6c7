using GridDispatch.Grains.Incidents;

namespace GridDispatch.Grains.Dispatch;

/// <summary>
/// A responder (护灯队, cadre, department duty officer): status, position, skills, capacity and the
/// work orders it holds. What a handheld does goes through here to the incident, which decides.
/// </summary>
[Alias("GridDispatch.Dispatch.IResponderGrain")]
public interface IResponderGrain : IWorkOrderHolder
{
    [Alias("Configure")] Task Configure(ResponderProfile profile);

    /// <summary>Null if the responder was never imported.</summary>
    [Alias("GetSnapshot")] Task<ResponderSnapshot?> GetSnapshot();

    [Alias("SetStatus")] Task<ResponderSnapshot?> SetStatus(ResponderStatus status, double? lat, double? lon);

    /// <summary>
    /// 上班 / 下班 from the responder's own handheld. Off duty, dispatch skips them; going off duty while holding
    /// work orders is refused (finish or 拒单 them first). Asked for the duty they are already on, it changes nothing.
    /// </summary>
    [Alias("SetDuty")] Task<ResponderAnswer> SetDuty(bool onDuty);

    /// <summary>
    /// Where the responder is (赶往现场): taken at most once per <see cref="HandheldOptions.PositionInterval"/>, never
    /// while off duty (their position is their own then). The command centre's map moves them.
    /// </summary>
    [Alias("ReportPosition")] Task<ResponderAnswer> ReportPosition(double lat, double lon);

    [Alias("Acknowledge")] Task<IncidentResult> Acknowledge(string incidentId);
    [Alias("Decline")] Task<IncidentResult> Decline(string incidentId, string reason);
    [Alias("Arrive")] Task<IncidentResult> Arrive(string incidentId);
    [Alias("Resolve")] Task<IncidentResult> Resolve(string incidentId, string? note);
}
