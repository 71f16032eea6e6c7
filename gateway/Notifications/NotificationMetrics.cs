using System.Diagnostics.Metrics;

namespace GridDispatch.Gateway.Notifications;

/// <summary>
/// <c>griddispatch_notifications_{sent,retried,failed}_total{channel,kind}</c>: failed means given up after the
/// last try (or refused at once: an unknown channel). <c>…_duplicates_total</c>: a message already in the outbox.
/// </summary>
internal static class NotificationMetrics
{
    private static readonly Meter Meter = new("GridDispatch.Notifications");
    public static readonly Counter<long> Sent = Meter.CreateCounter<long>("griddispatch.notifications.sent", "{message}", "Messages a receiver accepted");
    public static readonly Counter<long> Retried = Meter.CreateCounter<long>("griddispatch.notifications.retried", "{message}", "Tries that failed and will be tried again");
    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("griddispatch.notifications.failed", "{message}", "Messages given up");
    public static readonly Counter<long> Duplicates = Meter.CreateCounter<long>("griddispatch.notifications.duplicates", "{message}", "Messages already in the outbox (a redelivered event)");

    public static KeyValuePair<string, object?>[] Tags(string channel, INotificationChannel? kind) =>
        [new("channel", channel), new("kind", kind?.Kind.ToString() ?? "unknown")];
}
