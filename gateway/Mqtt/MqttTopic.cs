namespace GridDispatch.Gateway.Mqtt;

public enum TopicKind { Telemetry, Event, Status, Command, CommandAck, Whistle, Assignment }

/// <summary>A topic of docs/INTERFACES.md, taken apart: <c>gd/{township}/lamp/{lampId}/telemetry</c> and its siblings.</summary>
public readonly record struct MqttTopic(TopicKind Kind, string Township, string Id)
{
    public static bool TryParse(string topic, out MqttTopic parsed)
    {
        parsed = default;
        var parts = topic.Split('/');
        if (parts.Length < 5 || parts[0] != "gd" || parts.Any(p => p.Length == 0 || p.Length > 128)) return false;
        var (township, owner, id) = (parts[1], parts[2], parts[3]);
        TopicKind? kind = (owner, string.Join('/', parts[4..])) switch
        {
            ("lamp", "telemetry") => TopicKind.Telemetry,
            ("lamp", "event") => TopicKind.Event,
            ("lamp", "status") => TopicKind.Status,
            ("lamp", "cmd") => TopicKind.Command,
            ("lamp", "cmd/ack") => TopicKind.CommandAck,
            ("grid", "whistle") => TopicKind.Whistle,
            ("responder", "assignment") => TopicKind.Assignment,
            _ => null,
        };
        if (kind is null) return false;
        parsed = new MqttTopic(kind.Value, township, id);
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
