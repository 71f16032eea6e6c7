namespace GridDispatch.Gateway.Mqtt;

public enum TopicKind { Telemetry, Event, Status, Command, CommandAck, Whistle, Assignment }

/// <summary>A topic of docs/INTERFACES.md, taken apart: <c>gd/{township}/lamp/{lampId}/telemetry</c> and its siblings.</summary>
public readonly record struct MqttTopic(TopicKind Kind, string Township, string Id)
{
    /// <summary>
    /// Takes <paramref name="topic"/> apart without splitting it: it runs for every message a broker takes, so it allocates only the
    /// township and id it returns. The township and id are 1–128 characters; the rest must be one of the contract's kinds exactly.
    /// </summary>
    public static bool TryParse(string topic, out MqttTopic parsed)
    {
        parsed = default;
        var rest = topic.AsSpan();
        if (!rest.StartsWith("gd/", StringComparison.Ordinal)) return false;
        rest = rest[3..];
        if (!Next(ref rest, out var township) || !Next(ref rest, out var owner) || !Next(ref rest, out var id)) return false;
        TopicKind? kind = owner switch
        {
            "lamp" => rest switch
            {
                "telemetry" => TopicKind.Telemetry,
                "event" => TopicKind.Event,
                "status" => TopicKind.Status,
                "cmd" => TopicKind.Command,
                "cmd/ack" => TopicKind.CommandAck,
                _ => null,
            },
            "grid" when rest is "whistle" => TopicKind.Whistle,
            "responder" when rest is "assignment" => TopicKind.Assignment,
            _ => null,
        };
        if (kind is null) return false;
        parsed = new MqttTopic(kind.Value, township.ToString(), id.ToString());
        return true;
    }

    /// <summary>The next level of <paramref name="rest"/> (1–128 characters, followed by another level), and what follows it.</summary>
    private static bool Next(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> level)
    {
        var end = rest.IndexOf('/');
        level = end is > 0 and <= 128 ? rest[..end] : default;
        if (level.IsEmpty) return false;
        rest = rest[(end + 1)..];
        return true;
    }

    public static string For(TopicKind kind, string township, string id) => kind switch
    {
        TopicKind.Telemetry => $"gd/{township}/lamp/{id}/telemetry",
        TopicKind.Event => $"gd/{township}/lamp/{id}/event",
        TopicKind.Status => $"gd/{township}/lamp/{id}/status",
        TopicKind.Command => $"gd/{township}/lamp/{id}/cmd",
        TopicKind.CommandAck => $"gd/{township}/lamp/{id}/cmd/ack",
        TopicKind.Whistle => $"gd/{township}/grid/{id}/whistle",
        _ => $"gd/{township}/responder/{id}/assignment",
    };
}
