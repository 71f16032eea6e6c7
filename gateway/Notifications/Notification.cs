namespace GridDispatch.Gateway.Notifications;

/// <summary>
/// One message to one recipient on one channel. <see cref="Key"/> (event, recipient, channel) is what makes a
/// redelivered event, or a second gateway's copy of it, one message.
/// </summary>
public sealed record Notification
{
    /// <summary>Derived from the event's own facts (e.g. <c>offered:{incident}:{responder}:{ms}</c>), so the same event gives the same id.</summary>
    public required string EventId { get; init; }
    public required string Channel { get; init; }
    public required string RecipientId { get; init; }
    public string? RecipientName { get; init; }

    /// <summary>The recipient on the channel (an e-mail address, a phone number), when the channel needs one.</summary>
    public string? To { get; init; }

    /// <summary>First line, e.g. 【新工单】石门路12号杆路灯不亮.</summary>
    public required string Title { get; init; }

    /// <summary>受理编号, 地点, deadlines …, one fact a line.</summary>
    public required IReadOnlyList<string> Lines { get; init; }

    public string? Link { get; init; }

    public string Key => $"{EventId}|{RecipientId}|{Channel}";

    /// <summary>The message as plain text: title, lines, link.</summary>
    public string Text => string.Join('\n', Lines.Prepend(Title).Concat(Link is null ? [] : [$"查看：{Link}"]));
}
