using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.AspNetCore;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// One client connection as the broker sees it: MQTTnet's pipe-based channel over a <see cref="MqttPacketGate"/>.
/// The login handler finds it as <c>ChannelAdapter</c> and raises the packet limit once it has authenticated.
/// An MQTT 3.1.1 CONNECT with an empty client id and a clean session gets an id here (the spec allows it,
/// §3.1.3.1, and mosquitto does it; MQTTnet would refuse it), so <c>mosquitto_pub</c> without <c>-i</c> works.
/// </summary>
public sealed class GuardedChannel(MqttConnectionContext inner, MqttPacketGate gate) : IMqttChannelAdapter
{
    /// <summary>What an assigned client id starts with; no client may choose one itself.</summary>
    public const string AssignedPrefix = "auto-";

    public MqttPacketGate Gate => gate;

    /// <summary>True once the login was accepted; until then the connection counts as pending.</summary>
    public bool Authenticated { get; private set; }

    /// <summary>The client sent no id and this channel gave it one.</summary>
    public bool AssignedClientId { get; private set; }

    public event Action? LoggedIn;

    public void Accept(long packetLimit)
    {
        gate.Authenticated(packetLimit);
        Authenticated = true;
        LoggedIn?.Invoke();
    }

    public long BytesReceived => inner.BytesReceived;
    public long BytesSent => inner.BytesSent;
    public X509Certificate2 ClientCertificate => inner.ClientCertificate;
    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;
    public EndPoint LocalEndPoint => inner.LocalEndPoint;
    public bool IsSecureConnection => inner.IsSecureConnection;
    public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
    {
        var packet = await inner.ReceivePacketAsync(cancellationToken);
        if (packet is MqttConnectPacket { CleanSession: true } connect && string.IsNullOrEmpty(connect.ClientId)
            && PacketFormatterAdapter.ProtocolVersion != MqttProtocolVersion.V500) // MQTT 5 gets its id assigned in CONNACK
        {
            connect.ClientId = AssignedPrefix + Guid.NewGuid().ToString("N");
            AssignedClientId = true;
        }

        return packet;
    }

    public void ResetStatistics() => inner.ResetStatistics();

    public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken) => inner.SendPacketAsync(packet, cancellationToken);

    public void Dispose() => inner.Dispose();
}
