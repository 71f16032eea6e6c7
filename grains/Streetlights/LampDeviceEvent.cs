namespace GridDispatch.Grains.Streetlights;

[GenerateSerializer]
public enum LampDeviceEventType { Fault, Restore, Boot }

/// <summary>A lamp's own event (docs/INTERFACES.md, <c>…/event</c>): it says a fault began or ended, or it restarted.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.LampDeviceEvent")]
public sealed record LampDeviceEvent(
    [property: Id(0)] DateTimeOffset Timestamp,
    [property: Id(1)] LampDeviceEventType Type,
    [property: Id(2)] FaultCode? Code);
