using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// The platform's outgoing MQTT messages (lamp commands, work orders), published <see cref="Lanes"/> at a time: one
/// <c>await</c> a message cannot keep up with a township-wide group command (100,000 commands issued at ~4,400 a second).
/// A topic always goes on the same lane, so one lamp's commands (or one responder's orders) reach the broker in the
/// order they were issued. The queue is bounded and never blocks its caller, the domain-event handler: a message that
/// finds its lane full is dropped and counted (<c>griddispatch_mqtt_outbound_dropped_total{kind,reason}</c>), as is one
/// the broker could not take. Nothing is lost for good: each command is durable on its lamp grain, which re-sends it
/// when the lamp next speaks or its group command checks on it.
/// </summary>
public sealed partial class MqttOutboundQueue(IMqttOutbound outbound, ILogger<MqttOutboundQueue> logger) : BackgroundService
{
    /// <summary>Messages in flight to the broker at once.</summary>
    public const int Lanes = 32;

    /// <summary>Messages a lane holds before it drops: 32 lanes × 4,096 is more than a 100,000-lamp command's burst.</summary>
    public const int LaneCapacity = 4_096;

    private static readonly Meter Meter = new("GridDispatch.Mqtt");
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("griddispatch.mqtt.outbound.published", "{message}", "Platform messages handed to the broker, by kind");
    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("griddispatch.mqtt.outbound.dropped", "{message}", "Platform messages not delivered, by kind and reason");

    private readonly Channel<Outgoing>[] _lanes = [.. Enumerable.Range(0, Lanes).Select(_ => Channel.CreateBounded<Outgoing>(
        new BoundedChannelOptions(LaneCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = false }))];

    private ObservableGauge<int>? _queued;
    private long _loggedAt = -60_000;

    private sealed record Outgoing(string Topic, byte[] Payload);

    /// <summary>Queues a message for its topic's lane; false (and counted) if the lane is full.</summary>
    public bool Enqueue(string topic, byte[] payload)
    {
        if (_lanes[Lane(topic)].Writer.TryWrite(new Outgoing(topic, payload))) return true;
        CountDrop(topic, "queue_full");
        return false;
    }

    /// <summary>Counts a platform message that was not delivered: the reason is a label of <c>griddispatch_mqtt_outbound_dropped_total</c>.</summary>
    public static void CountDrop(string topic, string reason) => Dropped.Add(1,
        new KeyValuePair<string, object?>("kind", Kind(topic)), new KeyValuePair<string, object?>("reason", reason));

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _queued ??= Meter.CreateObservableGauge("griddispatch.mqtt.outbound.queued", () => _lanes.Sum(l => l.Reader.Count), "{message}", "Platform messages waiting for the broker");
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_lanes.Select(lane => Task.Run(() => DrainAsync(lane.Reader, stoppingToken), CancellationToken.None)));

    private async Task DrainAsync(ChannelReader<Outgoing> lane, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in lane.ReadAllAsync(stoppingToken))
            {
                try
                {
                    if (await outbound.PublishAsync(message.Topic, message.Payload)) Published.Add(1, new KeyValuePair<string, object?>("kind", Kind(message.Topic)));
                    else CountDrop(message.Topic, "not_connected");
                }
                catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    CountDrop(message.Topic, "failed");
                    // A broker gone away fails every message: one line a minute, the rest counted.
                    var now = Environment.TickCount64;
                    var last = Interlocked.Read(ref _loggedAt);
                    if (now - last >= 60_000 && Interlocked.CompareExchange(ref _loggedAt, now, last) == last) LogPublishFailed(error, message.Topic);
                }
            }
        }
        catch (OperationCanceledException) { }

        // Stopping: what is left is not sent by this process; counted, and re-sent by the lamps' grains.
        while (lane.TryRead(out var left)) CountDrop(left.Topic, "stopping");
    }

    private static int Lane(string topic) => (int)((uint)StringComparer.Ordinal.GetHashCode(topic) % Lanes);

    private static string Kind(string topic) => MqttTopic.TryParse(topic, out var parsed) ? parsed.Kind.ToString() : "Other";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish on {Topic}; the message is dropped (a command is re-sent by its lamp); further failures this minute are only counted")]
    private partial void LogPublishFailed(Exception error, string topic);
}
