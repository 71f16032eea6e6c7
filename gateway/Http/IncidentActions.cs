using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Incidents;
using GridDispatch.Identity;

namespace GridDispatch.Gateway.Http;

/// <summary>The command centre's actions on an incident, by the name its audit line and its URL carry.</summary>
public enum IncidentAction { Triage, Merge, Cancel, Assign, Withdraw, CoHandle, Urge, Reopen, CallBack, Close }

/// <summary>
/// Who may take which action. 研判 and 分办 (triage, merge, cancel, assign, withdraw, co-handle) are the
/// command centre's: the county's or the township's. A village (村) may also urge, reopen, call back and
/// close in its own cells; a grid leader may call back and close what was reported in their cells. A
/// responder acts only on their own work orders, never as the command centre.
/// </summary>
public static class IncidentActions
{
    public static bool Allows(Caller caller, IncidentSnapshot incident, IncidentAction action)
    {
        if (!caller.MaySee(incident.Report.Township, incident.Report.Cell)) return false;
        return caller.Role switch
        {
            AccountRole.County or AccountRole.Township => true,
            AccountRole.Village => action is IncidentAction.Urge or IncidentAction.Reopen or IncidentAction.CallBack or IncidentAction.Close,
            AccountRole.Leader => action is IncidentAction.CallBack or IncidentAction.Close,
            _ => false,
        };
    }

    /// <summary>The audit log's kind: <c>incident.co-handle</c>.</summary>
    public static string AuditKind(IncidentAction action) => action switch
    {
        IncidentAction.CoHandle => "incident.co-handle",
        IncidentAction.CallBack => "incident.call-back",
        _ => "incident." + action.ToString().ToLowerInvariant(),
    };
}
