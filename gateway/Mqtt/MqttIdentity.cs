using GridDispatch.Identity;

namespace GridDispatch.Gateway.Mqtt;

public enum IdentityKind { Lamp, Person, Admin }

/// <summary>How a person logged in: the account and its generation then, or the bearer token used as password.</summary>
public sealed record PersonLogin(string Account, int Generation, string? Token);

/// <summary>Who is on the other end of a connection, as authenticated at CONNECT. A person carries their scope.</summary>
public sealed record MqttIdentity(IdentityKind Kind, string Id, string? Township, Caller? Person = null)
{
    /// <summary>A person's login, to check again while their session lasts; null for a lamp.</summary>
    public PersonLogin? Login { get; init; }

    /// <summary>Who a message came from, as counted and logged when it is refused: the identity's id, or "anonymous".</summary>
    public static string SourceOf(MqttIdentity? identity) => identity?.Id ?? "anonymous";

    /// <summary>Who owns a client id: the same person or lamp may take over its own session, nobody else.</summary>
    public string Principal => $"{Kind}:{Id}";

    /// <summary>May this client publish on <paramref name="topic"/>? Lamps only under their own id and township; people only whistles in their cells.</summary>
    public bool MayPublish(MqttTopic topic) => Kind switch
    {
        IdentityKind.Admin => topic.Kind != TopicKind.Command && topic.Kind != TopicKind.Assignment,
        IdentityKind.Lamp => topic.Id == Id && topic.Township == Township
                             && topic.Kind is TopicKind.Telemetry or TopicKind.Event or TopicKind.Status or TopicKind.CommandAck,
        IdentityKind.Person => topic.Kind == TopicKind.Whistle && Person!.MayWhistle(topic.Township, topic.Id),
        _ => false,
    };

    /// <summary>May this client subscribe to <paramref name="filter"/>? Lamps to their own commands, responders to their own work orders.</summary>
    public bool MaySubscribe(string filter) => Kind switch
    {
        IdentityKind.Admin => true,
        IdentityKind.Lamp => filter == MqttTopic.For(TopicKind.Command, Township!, Id),
        IdentityKind.Person => Person is { Role: Grains.Accounts.AccountRole.Responder, PersonId: { } responder }
                               && filter == MqttTopic.For(TopicKind.Assignment, Township!, responder),
        _ => false,
    };
}
