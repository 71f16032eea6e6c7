namespace GridDispatch.Gateway.Notifications;

public enum OutboxState { Pending = 0, Sent = 1, Failed = 2 }

/// <summary>A message in the outbox with where its delivery stands.</summary>
public sealed record OutboxEntry(
    Notification Message, OutboxState State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAt, string? LastError, DateTimeOffset? DoneAt);
