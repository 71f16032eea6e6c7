namespace GridDispatch.Grains.Events;

/// <summary>
/// Which edge process sends the platform's own messages to a broker that several gateways share (lamp
/// commands, work orders). Every gateway hears every domain event; only the lease's holder publishes, so a
/// lamp or a handheld gets each message once, not once per gateway. Keyed by the broker it guards.
/// </summary>
[Alias("GridDispatch.Events.IPublisherLeaseGrain")]
public interface IPublisherLeaseGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes the lease for <paramref name="holder"/>, or renews it, for <paramref name="term"/>; true if
    /// <paramref name="holder"/> holds it now. Another holder's lease must lapse before it passes on.
    /// </summary>
    [Alias("Hold")] Task<bool> Hold(string holder, TimeSpan term);
}
