namespace GridDispatch.Grains.Notifications;

/// <summary>
/// A township's notification directory (keyed by township id), written by the topology import and read by the
/// edge's notifier: who has which channels. The channels' addresses and secrets are the edge's configuration.
/// </summary>
[Alias("GridDispatch.Notifications.INotificationDirectoryGrain")]
public interface INotificationDirectoryGrain : IGrainWithStringKey
{
    [Alias("Set")] Task Set(NotificationDirectory directory);
    [Alias("Get")] Task<NotificationDirectory> Get();
}
