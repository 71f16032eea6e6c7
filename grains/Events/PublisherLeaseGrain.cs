namespace GridDispatch.Grains.Events;

public sealed class PublisherLeaseGrain([PersistentState("lease")] IPersistentState<PublisherLeaseState> state, TimeProvider time)
    : Grain, IPublisherLeaseGrain
{
    // Durable: if the silo holding this grain dies, its new activation still knows who holds the lease
    // and until when, so no second gateway starts publishing while the first still believes it holds it.
    // A renewal every few seconds from each gateway is a small write every few seconds.
    public async Task<bool> Hold(string holder, TimeSpan term)
    {
        var now = time.GetUtcNow();
        var s = state.State;
        if (s.Holder is not null && s.Holder != holder && now < s.Until) return false;
        (s.Holder, s.Until) = (holder, now + term);
        await state.WriteStateAsync();
        return true;
    }
}
