using System.Text.Json;
using GridDispatch.Grains.Events;
using Microsoft.Extensions.Hosting;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// Work orders to handhelds that speak MQTT: each offer and withdrawal goes out at QoS 1 on the
/// responder's <c>…/assignment</c> topic (gRPC's Subscribe stream carries the same).
/// </summary>
public sealed class WorkOrderPublisher(IGrainFactory grains, IMqttOutbound outbound, PublisherLease lease) : DomainEventListener(grains)
{
    public override async Task OnEvents(DomainEventBatch batch)
    {
        if (!lease.IsHeld) return; // another gateway on the shared broker sends them
        foreach (var e in batch.Events)
        {
            var payload = e switch
            {
                WorkOrderOffered { WorkOrder: var w } => new AssignmentPayload("offered", w.IncidentId, w.ResponderId, w.Title, w.Category, w.Severity.ToString(),
                    w.Cell, w.Lat, w.Lon, w.OfferedAt.ToUnixTimeMilliseconds(), w.AcknowledgeBy.ToUnixTimeMilliseconds(), w.ResolveBy?.ToUnixTimeMilliseconds(),
                    [.. w.Lamps], null),
                WorkOrderWithdrawn w => new AssignmentPayload("withdrawn", w.IncidentId, w.ResponderId, null, null, null, null, null, null, null, null, null, null, w.Reason),
                _ => null,
            };
            if (payload is not null)
                await outbound.PublishAsync(MqttTopic.For(TopicKind.Assignment, e.Township, payload.ResponderId),
                    JsonSerializer.SerializeToUtf8Bytes(payload, MqttJson.Default.AssignmentPayload));
        }
    }

}
