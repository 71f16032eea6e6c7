using System.Collections.Concurrent;
using System.Net;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// Who may use which MQTT client id, and who is connected. The rule:
/// <list type="bullet">
/// <item>a lamp's id, as a client id, is that lamp's alone;</item>
/// <item>a client id with a session on the broker belongs to the principal (lamp, person) that opened it
/// until the session ends: the same principal may take its session over (a lamp reconnecting), nobody else;</item>
/// <item><c>auto-…</c> ids are the broker's to assign (to clients that send none, with a clean session).</item>
/// </list>
/// It also counts each lamp's live connections, so a lamp is offline only when its last one is gone.
/// </summary>
public sealed class ClientIds(LampDirectory lamps)
{
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (EndPoint Endpoint, MqttIdentity Identity)> _live = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _lampConnections = new(StringComparer.Ordinal);

    /// <summary>Takes <paramref name="clientId"/> for <paramref name="identity"/>; a problem if it may not.</summary>
    public async ValueTask<string?> ClaimAsync(string clientId, MqttIdentity identity, bool assignedByBroker)
    {
        if (!assignedByBroker && clientId.StartsWith(GuardedChannel.AssignedPrefix, StringComparison.Ordinal)) return "ids starting auto- are assigned by the broker";
        var isOwnLamp = identity.Kind == IdentityKind.Lamp && clientId == identity.Id;
        if (!isOwnLamp && await lamps.TownshipOfAsync(clientId) is not null) return "it is a lamp's id";
        var owner = _owners.GetOrAdd(clientId, identity.Principal);
        return owner == identity.Principal ? null : "another principal holds a session with it";
    }

    /// <summary>The session of <paramref name="clientId"/> is gone: the id is free again.</summary>
    public void Released(string clientId) => _owners.TryRemove(clientId, out _);

    public void Connected(string clientId, EndPoint endpoint, MqttIdentity identity) => _live[clientId] = (endpoint, identity);

    /// <summary>Forgets the connection unless a takeover already replaced it.</summary>
    public void Disconnected(string clientId, EndPoint endpoint)
    {
        if (_live.TryGetValue(clientId, out var live) && Equals(live.Endpoint, endpoint))
            _live.TryRemove(new KeyValuePair<string, (EndPoint, MqttIdentity)>(clientId, live));
    }

    /// <summary>Every live connection of a person (lamps are not re-checked).</summary>
    public IEnumerable<(string ClientId, MqttIdentity Identity)> People() =>
        _live.Where(c => c.Value.Identity.Login is not null).Select(c => (c.Key, c.Value.Identity)).ToList();

    /// <summary>True if this is the lamp's only connection now.</summary>
    public bool LampConnected(string lampId) => _lampConnections.AddOrUpdate(lampId, 1, (_, n) => n + 1) == 1;

    /// <summary>True if that was the lamp's last connection.</summary>
    public bool LampDisconnected(string lampId)
    {
        var left = _lampConnections.AddOrUpdate(lampId, 0, (_, n) => Math.Max(0, n - 1));
        if (left == 0) _lampConnections.TryRemove(new KeyValuePair<string, int>(lampId, 0));
        return left == 0;
    }
}
