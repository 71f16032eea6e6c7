using GridDispatch.Grains.Incidents;
using Orleans.Concurrency;

namespace GridDispatch.Grains.Dispatch;

/// <summary>One per township (分办): knows every responder's card and picks who is asked.</summary>
[Alias("GridDispatch.Dispatch.IDispatcherGrain")]
public interface IDispatcherGrain : IIncidentDispatcher
{
    /// <summary>One-way from the responder, so a responder never waits on the dispatcher.</summary>
    [OneWay, Alias("UpdateResponder")] Task UpdateResponder(ResponderCard card);

    [Alias("GetResponders")] Task<IReadOnlyList<ResponderCard>> GetResponders();

    /// <summary>Every responder ranked for <paramref name="request"/> as the dispatcher would, for 分办 by hand (<see cref="DispatchRanking.ForHand"/>).</summary>
    [Alias("RankForHand")] Task<IReadOnlyList<RankedResponder>> RankForHand(DispatchRequest request);
}
