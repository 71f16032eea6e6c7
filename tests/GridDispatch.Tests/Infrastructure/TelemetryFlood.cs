using MQTTnet;
using MQTTnet.Protocol;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// The overload tests' telemetry flood: <c>reportsPerLamp</c> rounds over the lamps, each report's brightness its
/// round (so the newest, the last round, is recognisable on the lamp). QoS 0 as most lamps send telemetry, except the
/// last round at QoS 1: its PUBACKs say the broker has read every report before it.
/// </summary>
public static class TelemetryFlood
{
    public static Task RunAsync(IMqttClient client, string township, IReadOnlyList<string> lamps, int reportsPerLamp, long ts) => Task.Run(async () =>
    {
        for (var i = 0; i < reportsPerLamp; i++)
        {
            var qos = i < reportsPerLamp - 1 ? MqttQualityOfServiceLevel.AtMostOnce : MqttQualityOfServiceLevel.AtLeastOnce;
            foreach (var lamp in lamps)
                await client.PublishAsync(Message($"gd/{township}/lamp/{lamp}/telemetry", $$"""{"ts":{{ts + i}},"brightness":{{i}}}""", qos));
        }
    });

    public static MqttApplicationMessage Message(string topic, string json, MqttQualityOfServiceLevel qos) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(json).WithQualityOfServiceLevel(qos).Build();
}
