namespace GridDispatch.Gateway.Notifications;

/// <summary>
/// A way out of the platform to a person or a group: a WeCom or DingTalk robot, e-mail, an SMS gateway's webhook.
/// <see cref="SendAsync"/> returns once the receiver accepted the message and throws otherwise
/// (<see cref="NotificationRejectedException"/> when it answered no); the outbox then retries.
/// </summary>
public interface INotificationChannel
{
    NotificationChannelKind Kind { get; }

    Task SendAsync(Notification message, CancellationToken cancellationToken);
}
