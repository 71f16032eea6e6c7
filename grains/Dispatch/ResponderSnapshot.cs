using GridDispatch.Grains.Incidents;
namespace GridDispatch.Grains.Dispatch;

[GenerateSerializer, Immutable, Alias("GridDispatch.Dispatch.ResponderSnapshot")]
public sealed record ResponderSnapshot(
    [property: Id(0)] ResponderProfile Profile,
    [property: Id(1)] ResponderCard Card,
    [property: Id(2)] IReadOnlyList<WorkOrder> WorkOrders);
