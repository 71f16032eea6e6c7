using System.Text.Json;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Streetlights;
using Microsoft.Extensions.Hosting;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// The gateway's side of the lamp-command port: every <see cref="LampCommandIssued"/> goes out on the
/// lamp's <c>…/cmd</c> topic at QoS 1. The lamp grain re-issues until the lamp acknowledges.
/// </summary>
public sealed class LampCommandPublisher(IGrainFactory grains, IMqttOutbound outbound, PublisherLease lease) : DomainEventListener(grains)
{
    public override async Task OnEvents(DomainEventBatch batch)
    {
        if (!lease.IsHeld) return; // another gateway on the shared broker sends them
        foreach (var issued in batch.Events.OfType<LampCommandIssued>())
        {
            var c = issued.Command;
            await outbound.PublishAsync(MqttTopic.For(TopicKind.Command, c.Township, c.LampId), Serialize(c));
        }
    }

    public static byte[] Serialize(LampCommand c) => JsonSerializer.SerializeToUtf8Bytes(new CommandPayload(
        c.CmdId,
        c.Type == LampCommandType.SetBrightness ? "setBrightness" : "setProfile",
        c.Brightness,
        c.Type == LampCommandType.SetProfile ? [.. c.Profile.Select(s => new ProfileStepPayload(s.From, s.To, s.Brightness))] : null), MqttJson.Default.CommandPayload);

}
