using System.Text.Json;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Townships;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// What the platform itself sends over MQTT, at QoS 1, as the events happen: each <see cref="LampCommandIssued"/>
/// on the lamp's <c>…/cmd</c> topic (the lamp grain re-issues until the lamp acknowledges), and each work order
/// offered or withdrawn, and each call to 报到 (<see cref="ReportCalled"/>, emergency mode), on the responder's
/// <c>…/assignment</c> topic (gRPC's Subscribe stream carries the same). The messages are handed to the
/// <see cref="MqttOutboundQueue"/>, which publishes many at once, so a batch never waits for the broker here and
/// the event inbox never falls behind on this handler.
/// On a broker shared by several gateways only the lease holder sends (<see cref="PublisherLease"/>).
/// </summary>
public sealed class MqttOutboundPublisher(MqttOutboundQueue queue, PublisherLease lease) : IDomainEventHandler
{
    public Task HandleAsync(DomainEventBatch batch, CancellationToken cancellationToken)
    {
        if (!lease.IsHeld) return Task.CompletedTask; // another gateway on the shared broker sends them
        foreach (var e in batch.Events)
        {
            (string? topic, byte[]? payload) = e switch
            {
                LampCommandIssued { Command: var c } => (MqttTopic.For(TopicKind.Command, c.Township, c.LampId), Serialize(c)),
                WorkOrderOffered or WorkOrderWithdrawn => Assignment(e),
                _ => (null, null),
            };
            if (topic is not null) queue.Enqueue(topic, payload!);
            if (e is ReportCalled called)
                foreach (var person in called.Called.Where(a => a.Kind == AffiliateKind.Responder))
                    queue.Enqueue(MqttTopic.For(TopicKind.Assignment, e.Township, person.Id), JsonSerializer.SerializeToUtf8Bytes(
                        new CallOutPayload("called", e.Township, person.Id, called.Reason, e.At.ToUnixTimeMilliseconds()), MqttJson.Default.CallOutPayload));
        }

        return Task.CompletedTask;
    }

    public static byte[] Serialize(LampCommand c) => JsonSerializer.SerializeToUtf8Bytes(new CommandPayload(
        c.CmdId,
        c.Type == LampCommandType.SetBrightness ? "setBrightness" : "setProfile",
        c.Brightness,
        c.Type == LampCommandType.SetProfile ? [.. c.Profile.Select(s => new ProfileStepPayload(s.From, s.To, s.Brightness))] : null,
        c.SwitchLux), MqttJson.Default.CommandPayload);

    private static (string, byte[]) Assignment(DomainEvent e)
    {
        var payload = e switch
        {
            WorkOrderOffered { WorkOrder: var w } => new AssignmentPayload("offered", w.IncidentId, w.ResponderId, w.Title, w.Category, w.Severity.ToString(),
                w.Cell, w.Lat, w.Lon, w.OfferedAt.ToUnixTimeMilliseconds(), w.AcknowledgeBy.ToUnixTimeMilliseconds(), w.ResolveBy?.ToUnixTimeMilliseconds(),
                [.. w.Lamps], null),
            WorkOrderWithdrawn w => new AssignmentPayload("withdrawn", w.IncidentId, w.ResponderId, null, null, null, null, null, null, null, null, null, null, w.Reason),
            _ => throw new ArgumentOutOfRangeException(nameof(e)),
        };
        return (MqttTopic.For(TopicKind.Assignment, e.Township, payload.ResponderId), JsonSerializer.SerializeToUtf8Bytes(payload, MqttJson.Default.AssignmentPayload));
    }
}
