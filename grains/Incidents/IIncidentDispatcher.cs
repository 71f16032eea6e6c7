namespace GridDispatch.Grains.Incidents;

/// <summary>
/// What an incident asks of its township's dispatcher (分办). Dispatch implements it, so incidents
/// never name dispatch's grains and the two folders depend one way only.
/// </summary>
[Alias("GridDispatch.Incidents.IIncidentDispatcher")]
public interface IIncidentDispatcher : IGrainWithStringKey
{
    /// <summary>Picks the best responder, offers the work order, and says who; null if nobody can take it now.</summary>
    [Alias("Dispatch")] Task<string?> Dispatch(DispatchRequest request, WorkOrder template);
}
