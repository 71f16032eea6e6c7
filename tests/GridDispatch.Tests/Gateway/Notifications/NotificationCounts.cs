using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace GridDispatch.Tests.Gateway.Notifications;

/// <summary>What the notification counters recorded for one channel name (tests use names of their own, so they may run together).</summary>
internal sealed class NotificationCounts : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new();
    private readonly string _channel;

    public NotificationCounts(string channel)
    {
        _channel = channel;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "GridDispatch.Notifications") listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag is { Key: "channel", Value: string name } && name == _channel)
                    _counts.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    public long this[string instrument] => _counts.GetValueOrDefault("griddispatch.notifications." + instrument);

    public void Dispose() => _listener.Dispose();
}
