using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Notifications;

/// <summary>
/// Sends what the outbox holds, one message at a time: on acceptance it is marked sent; on failure it waits
/// <see cref="NotificationOptions.RetryDelay"/> (doubling, capped) and is tried again, up to
/// <see cref="NotificationOptions.MaxAttempts"/> tries, then it is marked failed, logged and counted for operators.
/// A new message wakes the loop at once; otherwise it looks every <see cref="NotificationOptions.PollEvery"/>.
/// </summary>
public sealed partial class NotificationSender(
    NotificationOutbox outbox, NotificationChannels channels, IOptions<NotificationOptions> options, TimeProvider time, ILogger<NotificationSender> logger)
    : BackgroundService
{
    private const int Batch = 50;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private long _sweeps;

    /// <summary>Outbox sweeps done so far: a test waits for one more instead of sleeping.</summary>
    public long Sweeps => Interlocked.Read(ref _sweeps);

    /// <summary>Something was added: look now rather than at the next poll.</summary>
    public void Wake()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { /* already awake */ }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var purgedAt = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
                if (time.GetUtcNow() - purgedAt > TimeSpan.FromHours(1))
                {
                    purgedAt = time.GetUtcNow();
                    await outbox.PurgeAsync(purgedAt - options.Value.KeepFor);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogSweepFailed(error); // the outbox file itself failed (disk full?): the next sweep tries again
            }

            Interlocked.Increment(ref _sweeps);
            try { await _wake.WaitAsync(options.Value.PollEvery, stoppingToken); }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>Tries every message due now, until none is.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<OutboxEntry> due;
        do
        {
            due = await outbox.DueAsync(time.GetUtcNow(), Batch);
            foreach (var entry in due)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await TryAsync(entry, cancellationToken);
            }
        }
        while (due.Count == Batch);
    }

    private async Task TryAsync(OutboxEntry entry, CancellationToken stoppingToken)
    {
        var message = entry.Message;
        var channel = channels.Find(message.Channel);
        var tags = NotificationMetrics.Tags(message.Channel, channel);
        var attempts = entry.Attempts + 1;
        if (channel is null)
        {
            // A name in the topology that the configuration lacks: no retry will help until an operator adds it.
            await outbox.MarkFailedAsync(message.Key, attempts, time.GetUtcNow(), "未配置的通道 (not in Notifications:Channels)");
            NotificationMetrics.Failed.Add(1, tags);
            LogGivenUp(message.Channel, message.RecipientId, message.EventId, attempts, "unknown channel");
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.SendTimeout);
        try
        {
            await channel.SendAsync(message, timeout.Token);
            await outbox.MarkSentAsync(message.Key, attempts, time.GetUtcNow());
            NotificationMetrics.Sent.Add(1, tags);
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            // The exception's text only: the channels never put a URL's key or a password in it.
            var reason = error is OperationCanceledException ? $"no answer within {options.Value.SendTimeout.TotalSeconds:0} s" : $"{error.GetType().Name}: {error.Message}";
            if (attempts >= options.Value.MaxAttempts)
            {
                await outbox.MarkFailedAsync(message.Key, attempts, time.GetUtcNow(), reason);
                NotificationMetrics.Failed.Add(1, tags);
                LogGivenUp(message.Channel, message.RecipientId, message.EventId, attempts, reason);
            }
            else
            {
                await outbox.RetryAsync(message.Key, attempts, time.GetUtcNow() + options.Value.RetryDelay(attempts), reason);
                NotificationMetrics.Retried.Add(1, tags);
                LogRetrying(message.Channel, message.RecipientId, attempts, reason);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification on channel {Channel} to {Recipient} for {EventId} given up after {Attempts} tries: {Reason}")]
    private partial void LogGivenUp(string channel, string recipient, string eventId, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification on channel {Channel} to {Recipient} failed (try {Attempts}); retrying: {Reason}")]
    private partial void LogRetrying(string channel, string recipient, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The notification outbox could not be swept")]
    private partial void LogSweepFailed(Exception error);
}
