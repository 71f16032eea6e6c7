using System.Diagnostics.Metrics;
using GridDispatch.Grains.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// Whether this gateway publishes lamp commands and work orders. With the embedded broker it always does
/// (one process, one broker). On a broker shared by several gateways only the holder of the
/// <see cref="IPublisherLeaseGrain"/> does, renewing every third of the term; when the holder dies, another
/// gateway takes over once the lease lapses. Messages of that gap are not lost for good: the lamp grain
/// re-sends an unacknowledged command when the lamp next speaks, and a handheld gets its current work
/// orders again when it subscribes.
/// </summary>
public sealed partial class PublisherLease : BackgroundService
{
    /// <summary>How long a lease lasts unless renewed: the longest a dead gateway's duty stays undone.</summary>
    public static readonly TimeSpan Term = TimeSpan.FromSeconds(9);

    private static readonly Meter Meter = new("GridDispatch.Mqtt");
    private readonly IGrainFactory grains;
    private readonly IOptions<MqttOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<PublisherLease> logger;
    private long _heldUntil; // UTC ticks; 0 = not held
    private bool _was;

    public PublisherLease(IGrainFactory grains, IOptions<MqttOptions> options, TimeProvider time, ILogger<PublisherLease> logger)
    {
        (this.grains, this.options, this.time, this.logger) = (grains, options, time, logger);
        Meter.CreateObservableGauge("griddispatch.mqtt.publisher", () => IsHeld ? 1 : 0, description: "1 while this gateway publishes lamp commands and work orders");
    }

    public bool IsHeld => options.Value.Embedded || time.GetUtcNow().UtcTicks < Interlocked.Read(ref _heldUntil);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Embedded) return;
        var lease = grains.GetGrain<IPublisherLeaseGrain>($"mqtt:{options.Value.External.Host}:{options.Value.External.Port}");
        using var timer = new PeriodicTimer(Term / 3, time);
        do
        {
            var asked = time.GetUtcNow();
            try
            {
                // Believed for half a term from the moment we asked: it lapses here before the grain can give it to another.
                var held = await lease.Hold(options.Value.External.ClientId, Term);
                Interlocked.Exchange(ref _heldUntil, held ? (asked + Term / 2).UtcTicks : 0);
                if (held != _was) LogChanged(held);
                _was = held;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogRenewFailed(error); // keeps what it had until that runs out; tries again at the next tick
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Publisher lease on the shared broker: held = {Held}")]
    private partial void LogChanged(bool held);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the publisher lease")]
    private partial void LogRenewFailed(Exception error);
}
