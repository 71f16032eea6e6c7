namespace GridDispatch.Grains.Notifications;

/// <summary>A channel name (configured at the edge, with its secrets) and the recipient on it, if the channel needs one.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Notifications.NotifyAddress")]
public sealed record NotifyAddress([property: Id(0)] string Channel, [property: Id(1)] string? To);

/// <summary>Someone the topology gives channels to: a person (a leader), a responder (a person or a team), a department.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Notifications.NotifyRecipient")]
public sealed record NotifyRecipient([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] IReadOnlyList<NotifyAddress> Addresses);
