using GridDispatch.Grains.Common;

namespace GridDispatch.Grains.Dispatch;

public sealed class DispatcherGrain(
    [PersistentState("dispatcher")] IPersistentState<DispatcherState> state,
    CrashPoints crash) : Grain, IDispatcherGrain
{
    public async Task UpdateResponder(ResponderCard card)
    {
        if (state.State.Responders.TryGetValue(card.Id, out var known) && known == card) return;
        state.State.Responders[card.Id] = card;
        await state.WriteStateAsync();
    }

    public async Task<string?> Dispatch(DispatchRequest request, WorkOrder template)
    {
        var chosen = DispatchRanking.Rank(state.State.Responders.Values, request).FirstOrDefault();
        if (chosen is null) return null;

        // Count the order now: the responder's own update arrives a moment later.
        state.State.Responders[chosen.Id] = chosen with { Load = chosen.Load + 1, Status = Busier(chosen.Status) };
        await state.WriteStateAsync();
        crash.Reached("dispatcher.saved");
        await GrainFactory.GetGrain<IResponderGrain>(chosen.Id).Offer(template with { ResponderId = chosen.Id });
        return chosen.Id;
    }

    public Task<IReadOnlyList<ResponderCard>> GetResponders() =>
        Task.FromResult<IReadOnlyList<ResponderCard>>([.. state.State.Responders.Values.OrderBy(r => r.Id, StringComparer.Ordinal)]);

    private static ResponderStatus Busier(ResponderStatus status) => status == ResponderStatus.Available ? ResponderStatus.Assigned : status;
}

[GenerateSerializer, Alias("GridDispatch.Dispatch.DispatcherState")]
public sealed class DispatcherState
{
    [Id(0)] public Dictionary<string, ResponderCard> Responders { get; set; } = [];
}
