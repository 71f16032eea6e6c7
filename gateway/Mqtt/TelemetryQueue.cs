using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// The external broker's telemetry waiting for its worker, one partition of it: at most one report per lamp.
/// A newer report replaces the waiting one (the newest report per lamp wins) and the replaced one is counted
/// as shed; past <c>maxLamps</c> lamps waiting, a lamp that has none waiting has its report shed. So when the
/// cluster falls behind, the gateway sheds telemetry deliberately and in bounded memory, and the broker's
/// queue for it stays short as long as the gateway reads as fast as the broker sends. Lamps are served in the order they first got a report
/// waiting; one worker reads a partition, so one lamp's reports keep their order.
/// </summary>
internal sealed class TelemetryQueue(int maxLamps)
{
    private static readonly Meter Meter = new("GridDispatch.Mqtt");
    private static readonly Counter<long> Shed = Meter.CreateCounter<long>("griddispatch.mqtt.telemetry.shed", "{message}",
        "Telemetry reports the gateway shed while behind: replaced by a newer one of the same lamp, or the queue full");
    private static long _shedTotal;
    private readonly Dictionary<string, ExternalBrokerIngestion.Received> _waiting = new(StringComparer.Ordinal);
    private readonly Channel<string> _lamps = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Reports shed by every queue of this process since it started.</summary>
    public static long ShedTotal => Interlocked.Read(ref _shedTotal);

    /// <summary>Queues <paramref name="report"/> for <paramref name="lamp"/>; false if the report was shed (the queue is full).</summary>
    public bool Offer(string lamp, ExternalBrokerIngestion.Received report)
    {
        lock (_waiting)
        {
            if (_waiting.ContainsKey(lamp))
            {
                _waiting[lamp] = report;
                CountShed("replaced");
                return true;
            }

            if (_waiting.Count >= maxLamps)
            {
                CountShed("queue_full");
                return false;
            }

            _waiting[lamp] = report;
        }

        _lamps.Writer.TryWrite(lamp); // unbounded, each lamp at most once: bounded by maxLamps
        return true;
    }

    /// <summary>
    /// The waiting reports, up to <paramref name="most"/> lamps' at a time, each lamp's newest, in the order lamps first got one waiting.
    /// A batch holds each lamp once; a report arriving meanwhile waits for the next batch, so one reader keeps each lamp's reports in order.
    /// </summary>
    public async IAsyncEnumerable<List<ExternalBrokerIngestion.Received>> ReadBatchesAsync(int most)
    {
        var lamps = _lamps.Reader;
        while (await lamps.WaitToReadAsync())
        {
            var batch = new List<ExternalBrokerIngestion.Received>(); // a single reader's channel cannot count (CanCount is false)
            lock (_waiting)
                while (batch.Count < most && lamps.TryRead(out var lamp))
                    if (_waiting.Remove(lamp, out var report)) batch.Add(report);
            if (batch.Count > 0) yield return batch;
        }
    }

    public void Complete() => _lamps.Writer.TryComplete();

    private static void CountShed(string reason)
    {
        Shed.Add(1, new KeyValuePair<string, object?>("reason", reason));
        Interlocked.Increment(ref _shedTotal);
    }
}
