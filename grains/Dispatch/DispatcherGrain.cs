using GridDispatch.Grains.Common;
using GridDispatch.Grains.Incidents;

namespace GridDispatch.Grains.Dispatch;

public sealed class DispatcherGrain(
    [PersistentState("dispatcher")] IPersistentState<DispatcherState> state,
    DomainClock clock,
    CrashPoints crash) : Grain, IDispatcherGrain
{
    /// <summary>How long an offer is remembered, so an incident asking again after a crash gets the same answer.</summary>
    public static readonly TimeSpan RememberOffers = TimeSpan.FromHours(1);

    private DispatcherState S => state.State;

    public async Task UpdateResponder(ResponderCard card)
    {
        if (S.Responders.TryGetValue(card.Id, out var known) && known == card) return;
        S.Responders[card.Id] = card;
        await state.WriteStateAsync();
        if (HasRoom(card) && (known is null || !HasRoom(known) || card.Load < known.Load)) WakeWaiting(card);
    }

    /// <summary>
    /// Idempotent by incident id: an incident that asks again (it crashed before saving whom we chose) gets
    /// the same responder, and the offer is sent again (the responder takes the same order once).
    /// </summary>
    public async Task<string?> Dispatch(DispatchRequest request, WorkOrder template)
    {
        if (S.Offers.TryGetValue(request.IncidentId, out var offer) && !request.Exclude.Contains(offer.ResponderId)
            && clock.Now - offer.At < RememberOffers && S.Responders.TryGetValue(offer.ResponderId, out var offered)
            && offered.Status != ResponderStatus.OffDuty && CategorySkills.CanHandle(request.Category, offered.Skills))
        {
            await GrainFactory.GetGrain<IResponderGrain>(offer.ResponderId).Offer(template with { ResponderId = offer.ResponderId });
            return offer.ResponderId;
        }

        var chosen = DispatchRanking.Rank(S.Responders.Values, request).FirstOrDefault();
        if (chosen is null)
        {
            // Nobody now: asked again the moment a suitable responder has room (the review reminder is the backstop).
            if (S.Waiting.TryAdd(request.IncidentId, request)) await state.WriteStateAsync();
            return null;
        }

        // Count the order now: the responder's own update arrives a moment later.
        S.Responders[chosen.Id] = chosen with { Load = chosen.Load + 1, Status = Busier(chosen.Status) };
        S.Waiting.Remove(request.IncidentId);
        S.Offers[request.IncidentId] = new DispatchOffer(chosen.Id, clock.Now);
        foreach (var (incident, _) in S.Offers.Where(o => clock.Now - o.Value.At >= RememberOffers).ToList()) S.Offers.Remove(incident);
        await state.WriteStateAsync();
        crash.Reached("dispatcher.saved");
        await GrainFactory.GetGrain<IResponderGrain>(chosen.Id).Offer(template with { ResponderId = chosen.Id });
        return chosen.Id;
    }

    public Task<IReadOnlyList<ResponderCard>> GetResponders() =>
        Task.FromResult<IReadOnlyList<ResponderCard>>([.. S.Responders.Values.OrderBy(r => r.Id, StringComparer.Ordinal)]);

    public Task<IReadOnlyList<RankedResponder>> RankForHand(DispatchRequest request) =>
        Task.FromResult(DispatchRanking.ForHand(S.Responders.Values, request));

    /// <summary>Tells the waiting incidents this responder could take (most severe, then oldest first, as many as it has room for) to try again.</summary>
    private void WakeWaiting(ResponderCard card)
    {
        var room = Math.Max(1, card.Capacity - card.Load);
        var woken = S.Waiting.Values
            .Where(r => DispatchRanking.Eligible(card, r))
            .OrderByDescending(r => r.Severity)
            .Take(room)
            .ToList();
        foreach (var request in woken)
        {
            S.Waiting.Remove(request.IncidentId); // it asks again, and waits again if it still finds nobody
            _ = GrainFactory.GetGrain<IIncidentGrain>(request.IncidentId).Retry();
        }
    }

    private static bool HasRoom(ResponderCard card) => card.Status != ResponderStatus.OffDuty && card.Load < card.Capacity;

    private static ResponderStatus Busier(ResponderStatus status) => status == ResponderStatus.Available ? ResponderStatus.Assigned : status;
}

/// <summary>Whom an incident was offered to, and when.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Dispatch.DispatchOffer")]
public sealed record DispatchOffer([property: Id(0)] string ResponderId, [property: Id(1)] DateTimeOffset At);

[GenerateSerializer, Alias("GridDispatch.Dispatch.DispatcherState")]
public sealed class DispatcherState
{
    [Id(0)] public Dictionary<string, ResponderCard> Responders { get; set; } = [];
    /// <summary>Recent offers by incident id: the same incident asking again gets the same responder.</summary>
    [Id(1)] public Dictionary<string, DispatchOffer> Offers { get; set; } = [];
    /// <summary>Incidents nobody could take when they asked, by incident id: woken when a responder has room.</summary>
    [Id(2)] public Dictionary<string, DispatchRequest> Waiting { get; set; } = [];
}
