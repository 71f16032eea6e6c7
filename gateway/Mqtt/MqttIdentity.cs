namespace GridDispatch.Gateway.Mqtt;

public enum IdentityKind { Lamp, Person, Admin }

/// <summary>Who is on the other end of a connection, as authenticated at CONNECT.</summary>
public sealed record MqttIdentity(IdentityKind Kind, string Id, string? Township)
{
    /// <summary>May this client publish on <paramref name="topic"/>? Lamps only under their own id and township.</summary>
    public bool MayPublish(MqttTopic topic) => Kind switch
    {
        IdentityKind.Admin => topic.Kind != TopicKind.Command && topic.Kind != TopicKind.Assignment,
        IdentityKind.Lamp => topic.Id == Id && topic.Township == Township
                             && topic.Kind is TopicKind.Telemetry or TopicKind.Event or TopicKind.Status or TopicKind.CommandAck,
        _ => false,
    };

    /// <summary>May this client subscribe to <paramref name="filter"/>? Lamps only to their own command topic.</summary>
    public bool MaySubscribe(string filter) => Kind switch
    {
        IdentityKind.Admin => true,
        IdentityKind.Lamp => filter == MqttTopic.For(TopicKind.Command, Township!, Id),
        _ => false,
    };
}
