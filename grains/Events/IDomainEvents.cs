namespace GridDispatch.Grains.Events;

/// <summary>The port grains publish through. Never blocks and never throws: events are a live feed.</summary>
public interface IDomainEvents
{
    void Publish(DomainEvent domainEvent);
}
