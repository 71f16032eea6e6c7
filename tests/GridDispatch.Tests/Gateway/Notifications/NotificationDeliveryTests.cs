using GridDispatch.Gateway.Notifications;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GridDispatch.Tests.Gateway.Notifications;

/// <summary>
/// The outbox and its sender against real HTTP receivers: a message lands once whatever the receiver or the
/// event feed does (500 then 200, the same event twice), failures are retried with back-off, then given up,
/// counted and listed for operators; what is in the outbox file outlives the process.
/// </summary>
public sealed class NotificationDeliveryTests : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _folder = RepositoryPaths.NewTempFolder("outbox");

    private static NotificationOptions Fast(int maxAttempts = 5) => new()
    {
        MaxAttempts = maxAttempts, FirstRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        PollEvery = TimeSpan.FromMilliseconds(50), SendTimeout = TimeSpan.FromSeconds(5),
    };

    private (NotificationOutbox Outbox, NotificationSender Sender) Create(string channelName, INotificationChannel channel, NotificationOptions options)
    {
        var outbox = new NotificationOutbox(Path.Combine(_folder, "outbox.db"));
        var channels = new NotificationChannels(new Dictionary<string, INotificationChannel> { [channelName] = channel });
        return (outbox, new NotificationSender(outbox, channels, Options.Create(options), TimeProvider.System, NullLogger<NotificationSender>.Instance));
    }

    [Fact]
    public async Task A_receiver_that_fails_once_gets_the_message_once_even_when_the_event_comes_twice()
    {
        var name = $"sms-{Guid.NewGuid():N}";
        using var counts = new NotificationCounts(name);
        await using var receiver = new HttpReceiver((n, _) => n == 1 ? (500, "{}") : (200, "{}"));
        var (outbox, sender) = Create(name, new WebhookChannel(Http, new NotificationChannelOptions { Kind = NotificationChannelKind.Webhook, Url = receiver.Url("/sms") }), Fast());
        var message = Samples.Message(name, to: "13800001111");

        Assert.True(await outbox.AddAsync(message, DateTimeOffset.UtcNow));
        Assert.False(await outbox.AddAsync(message with { Title = "the same event, redelivered" }, DateTimeOffset.UtcNow));
        await sender.StartAsync(CancellationToken.None);
        try
        {
            var sent = await Eventually.Holds(() => outbox.ForEventAsync(message.EventId), e => e.Single().State == OutboxState.Sent, what: "the message sent");
            Assert.Equal(2, sent.Single().Attempts);
            // Two more sweeps after it was accepted: nothing is sent again.
            var sweeps = sender.Sweeps;
            await Eventually.TrueAsync(() => sender.Sweeps >= sweeps + 2, TimeSpan.FromSeconds(10), "two more sweeps");
        }
        finally
        {
            await sender.StopAsync(CancellationToken.None);
        }

        Assert.Equal(2, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.Equal(message.Key, Uri.UnescapeDataString(r.Headers[WebhookChannel.DeliveryHeader]!)));
        Assert.Equal(1, counts["sent"]);
        Assert.Equal(1, counts["retried"]);
        Assert.Equal(0, counts["failed"]);
    }

    [Fact]
    public async Task A_receiver_that_always_fails_is_tried_with_growing_waits_then_given_up_and_listed()
    {
        var name = $"wecom-{Guid.NewGuid():N}";
        using var counts = new NotificationCounts(name);
        await using var robot = new HttpReceiver((_, _) => (503, "{}"));
        var options = Fast(maxAttempts: 3);
        var (outbox, sender) = Create(name, new WeComChannel(Http, new NotificationChannelOptions { Kind = NotificationChannelKind.WeCom, Url = robot.Url("/cgi-bin/webhook/send?key=k-secret") }), options);
        var message = Samples.Message(name, eventId: $"escalated:inc-{Guid.NewGuid():N}:Village:1");

        await outbox.AddAsync(message, DateTimeOffset.UtcNow);
        await sender.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.Holds(() => outbox.ForEventAsync(message.EventId), e => e.Single().State == OutboxState.Failed, what: "the message given up");
        }
        finally
        {
            await sender.StopAsync(CancellationToken.None);
        }

        Assert.Equal(3, robot.Requests.Count);
        var gaps = robot.Requests.Zip(robot.Requests.Skip(1), (a, b) => b.At - a.At).ToList();
        Assert.True(gaps[0] >= TimeSpan.FromMilliseconds(45), $"first retry after {gaps[0]}");
        Assert.True(gaps[1] >= TimeSpan.FromMilliseconds(95), $"second retry after {gaps[1]} (doubled)");
        var failed = Assert.Single(await outbox.FailedAsync(100), e => e.Message.EventId == message.EventId);
        Assert.Equal(3, failed.Attempts);
        Assert.Equal("NotificationRejectedException: HTTP 503", failed.LastError);
        Assert.Equal((2, 1), (counts["retried"], counts["failed"]));
        Assert.Equal(0, counts["sent"]);
    }

    [Fact]
    public async Task A_channel_the_configuration_lacks_fails_at_once()
    {
        var (outbox, sender) = Create("configured", new WebhookChannel(Http, new NotificationChannelOptions()), Fast());
        var message = Samples.Message($"typo-{Guid.NewGuid():N}");
        await outbox.AddAsync(message, DateTimeOffset.UtcNow);

        await sender.SweepAsync(CancellationToken.None);

        var entry = Assert.Single(await outbox.ForEventAsync(message.EventId));
        Assert.Equal((OutboxState.Failed, 1), (entry.State, entry.Attempts));
        Assert.StartsWith("未配置的通道", entry.LastError);
    }

    [Fact]
    public async Task Waiting_messages_survive_the_process_and_are_sent_by_the_next()
    {
        await using var receiver = new HttpReceiver((_, _) => (200, "{}"));
        var channel = new WebhookChannel(Http, new NotificationChannelOptions { Kind = NotificationChannelKind.Webhook, Url = receiver.Url("/sms") });
        var message = Samples.Message("sms");
        var (before, _) = Create("sms", channel, Fast());
        await before.AddAsync(message, DateTimeOffset.UtcNow); // then the process dies before sending

        var (after, sender) = Create("sms", channel, Fast());
        Assert.False(await after.AddAsync(message, DateTimeOffset.UtcNow)); // still recognised
        await sender.SweepAsync(CancellationToken.None);

        Assert.Single(receiver.Requests);
        Assert.Equal(OutboxState.Sent, Assert.Single(await after.ForEventAsync(message.EventId)).State);
    }

    [Fact]
    public void Retry_waits_double_up_to_the_cap()
    {
        var options = new NotificationOptions { FirstRetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromMinutes(1) };
        Assert.Equal([5, 10, 20, 40, 60, 60], Enumerable.Range(1, 6).Select(n => options.RetryDelay(n).TotalSeconds));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
