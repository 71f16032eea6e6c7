namespace GridDispatch.Grains.Notifications;

public sealed class NotificationDirectoryGrain(
    [PersistentState("notifications")] IPersistentState<NotificationDirectoryState> state) : Grain, INotificationDirectoryGrain
{
    public Task Set(NotificationDirectory directory)
    {
        state.State.Directory = directory;
        return state.WriteStateAsync();
    }

    public Task<NotificationDirectory> Get() => Task.FromResult(state.State.Directory ?? NotificationDirectory.Empty);
}

[GenerateSerializer, Alias("GridDispatch.Notifications.NotificationDirectoryState")]
public sealed class NotificationDirectoryState
{
    [Id(0)] public NotificationDirectory? Directory { get; set; }
}
