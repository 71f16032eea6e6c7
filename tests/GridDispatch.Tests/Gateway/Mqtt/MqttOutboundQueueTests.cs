using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using GridDispatch.Gateway.Mqtt;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace GridDispatch.Tests.Gateway.Mqtt;

/// <summary>
/// The platform's outgoing MQTT queue, against a stand-in broker: many in flight, each topic in order, and nothing lost
/// uncounted. Topics here are no contract topic (kind <c>Other</c>), so the counts are this class's own.
/// </summary>
public sealed class MqttOutboundQueueTests
{
    /// <summary>A broker that takes each message after <see cref="Delay"/>, or not at all while <see cref="Connected"/> is false, or never while <see cref="Stuck"/>.</summary>
    private sealed class Broker : IMqttOutbound
    {
        private int _inFlight;
        public ConcurrentDictionary<string, ConcurrentQueue<string>> Taken { get; } = new();
        public int MostInFlight;
        public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(2);
        public bool Connected { get; init; } = true;
        public TaskCompletionSource? Stuck { get; init; }

        public async Task<bool> PublishAsync(string topic, byte[] payload, bool retain = false)
        {
            if (!Connected) return false;
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref MostInFlight, now);
            if (Stuck is not null) await Stuck.Task;
            await Task.Delay(Delay);
            Taken.GetOrAdd(topic, _ => new()).Enqueue(Encoding.UTF8.GetString(payload));
            Interlocked.Decrement(ref _inFlight);
            return true;
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
        }
    }

    /// <summary>Drops counted by reason, for kind <c>Other</c>.</summary>
    private sealed class Drops : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _byReason = new();

        public Drops()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "griddispatch.mqtt.outbound.dropped") listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? kind = null, reason = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "kind") kind = tag.Value as string;
                    if (tag.Key == "reason") reason = tag.Value as string;
                }

                if (kind == "Other" && reason is not null) _byReason.AddOrUpdate(reason, value, (_, sum) => sum + value);
            });
            _listener.Start();
        }

        public long this[string reason] => _byReason.GetValueOrDefault(reason);

        public void Dispose() => _listener.Dispose();
    }

    private static string Topic(int n) => $"test-outbound/{n}";

    [Fact]
    public async Task Many_messages_are_in_flight_at_once_and_each_topic_keeps_its_order()
    {
        var broker = new Broker();
        var queue = new MqttOutboundQueue(broker, NullLogger<MqttOutboundQueue>.Instance);
        await queue.StartAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < 50; i++)
            for (var topic = 0; topic < 20; topic++)
                Assert.True(queue.Enqueue(Topic(topic), Encoding.UTF8.GetBytes(i.ToString())));

            await Eventually.Holds(() => Task.FromResult(broker.Taken.Values.Sum(q => q.Count)), n => n == 1_000, what: "every message taken");
            Assert.All(broker.Taken.Values, q => Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString()), q));
            Assert.True(broker.MostInFlight > 1, $"at most {broker.MostInFlight} in flight");
        }
        finally
        {
            await queue.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_full_lane_and_a_broker_that_is_not_there_are_counted_drops()
    {
        using var drops = new Drops();
        var stuck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = new MqttOutboundQueue(new Broker { Stuck = stuck, Delay = TimeSpan.Zero }, NullLogger<MqttOutboundQueue>.Instance);
        await queue.StartAsync(CancellationToken.None);
        try
        {
            // One topic, one lane: one message in flight (stuck), the lane full behind it, and the rest refused.
            var accepted = Enumerable.Range(0, MqttOutboundQueue.LaneCapacity + 10).Count(i => queue.Enqueue(Topic(1), [1]));

            Assert.InRange(accepted, MqttOutboundQueue.LaneCapacity, MqttOutboundQueue.LaneCapacity + 1);
            Assert.Equal(MqttOutboundQueue.LaneCapacity + 10 - accepted, drops["queue_full"]);
        }
        finally
        {
            stuck.SetResult();
            await queue.StopAsync(CancellationToken.None);
        }

        var offline = new MqttOutboundQueue(new Broker { Connected = false }, NullLogger<MqttOutboundQueue>.Instance);
        await offline.StartAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < 5; i++) offline.Enqueue(Topic(2), [1]);
            await Eventually.TrueAsync(() => drops["not_connected"] == 5, TimeSpan.FromSeconds(5), "five counted as not connected");
        }
        finally
        {
            await offline.StopAsync(CancellationToken.None);
        }
    }
}
