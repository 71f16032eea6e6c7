using Orleans.Concurrency;

namespace GridDispatch.Grains.Dispatch;

/// <summary>One per township (分办): knows every responder's card and picks who is asked.</summary>
[Alias("GridDispatch.Dispatch.IDispatcherGrain")]
public interface IDispatcherGrain : IGrainWithStringKey
{
    /// <summary>One-way from the responder, so a responder never waits on the dispatcher.</summary>
    [OneWay, Alias("UpdateResponder")] Task UpdateResponder(ResponderCard card);

    /// <summary>Picks the best responder, offers the work order, and says who; null if nobody can take it now.</summary>
    [Alias("Dispatch")] Task<string?> Dispatch(DispatchRequest request, WorkOrder template);

    [Alias("GetResponders")] Task<IReadOnlyList<ResponderCard>> GetResponders();
}
