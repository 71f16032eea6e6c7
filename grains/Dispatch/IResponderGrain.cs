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

    [Alias("Acknowledge")] Task<IncidentResult> Acknowledge(string incidentId);
    [Alias("Decline")] Task<IncidentResult> Decline(string incidentId, string reason);
    [Alias("Arrive")] Task<IncidentResult> Arrive(string incidentId);
    [Alias("Resolve")] Task<IncidentResult> Resolve(string incidentId, string? note);
}
