namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// What a client may publish on the embedded broker, before any payload is read: only the contract's topics
/// (docs/INTERFACES.md), each only by whom <see cref="MqttIdentity.MayPublish"/> allows; never <c>…/cmd</c> nor
/// <c>…/assignment</c> (the platform's alone); retained only a lamp's <c>…/status</c> (its will included).
/// </summary>
public static class PublishRules
{
    /// <summary>The drop reason, or null if allowed.</summary>
    public static string? Check(MqttIdentity? publisher, string topic, bool retain)
    {
        if (!MqttTopic.TryParse(topic, out var parsed)) return "topic";
        if (publisher is null || parsed.Kind is TopicKind.Command or TopicKind.Assignment || !publisher.MayPublish(parsed)) return "acl";
        if (retain && parsed.Kind != TopicKind.Status) return "retain";
        return null;
    }

    /// <summary>A PUBLISH topic name: no wildcards, no NUL, valid UTF-8 (a decoded replacement character means it was not).</summary>
    public static bool IsValidTopicName(string? topic) =>
        !string.IsNullOrEmpty(topic) && topic.Length <= 1024 && topic.AsSpan().IndexOfAny("+#\0\uFFFD") < 0 && !HasLoneSurrogate(topic);

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return true;
        }

        return false;
    }
}
