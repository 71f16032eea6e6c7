namespace GridDispatch.Grains.Events;

/// <summary>
/// One consumer of the domain events a process hears (the hub feed, the gRPC live feeds, the MQTT outbound
/// publisher, the time-series sink). Registered with <c>AddDomainEventHandler</c>; the process's
/// <see cref="DomainEventInbox"/> subscribes once and hands every batch to each handler, in order.
/// </summary>
public interface IDomainEventHandler
{
    Task HandleAsync(DomainEventBatch batch, CancellationToken cancellationToken);
}
