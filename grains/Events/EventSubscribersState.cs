namespace GridDispatch.Grains.Events;

/// <summary>Who hears the cluster's domain events, and until when unless they renew.</summary>
[GenerateSerializer, Alias("GridDispatch.Events.EventSubscribersState")]
public sealed class EventSubscribersState
{
    [Id(0)] public Dictionary<IDomainEventObserver, DateTimeOffset> Subscribers { get; set; } = [];
}
