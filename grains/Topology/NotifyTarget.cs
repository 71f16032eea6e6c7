namespace GridDispatch.Grains.Topology;

/// <summary>
/// One way a person, team or department hears of work outside the app: a channel named in the
/// configuration (<c>Notifications:Channels</c>), where its kind, address and secret live, so a topology
/// file never carries a webhook key or a password.
/// </summary>
public sealed record NotifyTarget
{
    public required string Channel { get; init; }

    /// <summary>The recipient on that channel: an e-mail address, a phone number for an SMS gateway; none for a group robot.</summary>
    public string? To { get; init; }
}
