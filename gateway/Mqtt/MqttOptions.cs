using System.ComponentModel.DataAnnotations;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>The device side. Section <c>Mqtt</c>.</summary>
public sealed class MqttOptions
{
    public const string Section = "Mqtt";

    /// <summary>Run the embedded broker (the one-process default).</summary>
    public bool Embedded { get; set; } = true;

    [Required] public string BindAddress { get; set; } = "127.0.0.1";

    [Range(1, 65535)] public int Port { get; set; } = 1883;

    /// <summary>Larger payloads are dropped and counted; a telemetry report is a few hundred bytes.</summary>
    [Range(256, 1_048_576)] public int MaxPayloadBytes { get; set; } = 16_384;

    /// <summary>
    /// A client must finish each packet (its CONNECT first) within this time, or it is disconnected: a slow
    /// or silent client cannot hold a place for long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")] public TimeSpan CommunicationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest CONNECT accepted: a connection that announces a bigger one is cut before it is read.
    /// A CONNECT carries a client id, a login, perhaps a will: a few hundred bytes.
    /// </summary>
    [Range(256, 65_536)] public int MaxConnectPacketBytes { get; set; } = 8_192;

    /// <summary>
    /// The largest packet a logged-in lamp may send, and a person's (a whistle's text is longer than a report).
    /// Past it the connection is cut as soon as the packet's header arrives; between <see cref="MaxPayloadBytes"/>
    /// and this, a message is refused and counted but the connection stays.
    /// </summary>
    [Range(1_024, 2_097_152)] public int MaxLampPacketBytes { get; set; } = 65_536;

    /// <inheritdoc cref="MaxLampPacketBytes"/>
    [Range(1_024, 2_097_152)] public int MaxPersonPacketBytes { get; set; } = 65_536;

    /// <summary>
    /// Each client connection's kernel send buffer, in bytes (Linux doubles what is asked). Kept small so that a client
    /// slower than its messages backs up into the broker's own queue for it, which holds
    /// <see cref="EmbeddedMqttBroker.MaxPendingPerClient"/>, drops the oldest and counts the drop, and not into the
    /// kernel, whose autotuned buffer holds megabytes: seconds of stale messages nobody counts. 0 leaves it to the kernel.
    /// </summary>
    [Range(0, 16_777_216)] public int SocketSendBufferBytes { get; set; } = 32_768;

    /// <summary>The larger of the two: what a socket may buffer before the broker reads it.</summary>
    public int MaxPacketBytes => Math.Max(MaxLampPacketBytes, MaxPersonPacketBytes);

    /// <summary>
    /// Connections opened but not yet past a successful CONNACK. More are closed at once: together with
    /// <see cref="MaxConnectPacketBytes"/> this bounds what unauthenticated clients can make the broker hold.
    /// </summary>
    [Range(1, 1_000_000)] public int MaxPendingConnections { get; set; } = 1_000;

    /// <summary>
    /// Failed CONNECTs (wrong or unknown login) allowed per remote address per minute, and per address and
    /// username; past either, CONNECTs from there are refused unchecked until the minute's allowance refills.
    /// </summary>
    [Range(1, 1_000_000)] public int FailedConnectsPerAddress { get; set; } = 30;

    /// <inheritdoc cref="FailedConnectsPerAddress"/>
    [Range(1, 1_000_000)] public int FailedConnectsPerUser { get; set; } = 10;

    /// <summary>
    /// How often a person's live session is checked against their login: a revoked token, a new password
    /// or a disabled account ends the session within this time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan SessionRecheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections past this are refused ("server unavailable").</summary>
    [Range(1, 10_000_000)] public int MaxConnections { get; set; } = 200_000;

    /// <summary>
    /// The secret lamp passwords are derived from (<see cref="DeviceKeys"/>). Unset: only demo lamps can connect.
    /// Keep it out of committed files: set <c>Mqtt__DeviceSecret</c> in the environment.
    /// </summary>
    public string? DeviceSecret { get; set; }

    /// <summary>The broker to ingest from when <see cref="Embedded"/> is false (e.g. mosquitto shared by several gateways).</summary>
    public ExternalBrokerOptions External { get; set; } = new();
}

public sealed class ExternalBrokerOptions
{
    public string Host { get; set; } = "127.0.0.1";
    [Range(1, 65535)] public int Port { get; set; } = 1883;
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>Unique per gateway process; its session (and unacknowledged messages) survives reconnects.</summary>
    public string ClientId { get; set; } = $"griddispatch-gateway-{Environment.MachineName}";

    /// <summary>
    /// Several gateways on one broker: set the same group on each, so they share each subscription and each
    /// message is ingested once (<c>$share/{group}/…</c>). Unset (one gateway): plain subscriptions, which
    /// mosquitto 2.0 keeps across its own restart (it does not keep shared ones: messages published between
    /// a broker restart and the gateways' resubscription, about a second, are then not delivered).
    /// </summary>
    public string? SharedGroup { get; set; }

    /// <summary>
    /// Telemetry is taken over this many sessions at once (<c>{ClientId}</c>, <c>{ClientId}-telemetry1</c>, …), which share
    /// its subscription (<c>$share/…</c>), so the broker deals the reports out among them: one MQTT client reads and
    /// acknowledges its messages one at a time, and one session read less than mosquitto took in (#22, goal 1).
    /// Unset: 1 for a gateway alone, whose plain subscription mosquitto 2.0 keeps across its own restart (a shared one it
    /// forgets, and the reports it takes until the gateway subscribes again, about a second, are lost); 4 with a
    /// <see cref="SharedGroup"/>, whose subscriptions are shared anyway. Lowering it leaves the sessions no longer used
    /// subscribed in the broker until they expire (24 h): end each by connecting once with its client id and clean start.
    /// </summary>
    [Range(1, 32)] public int? TelemetrySessions { get; set; }

    /// <summary>The telemetry sessions this gateway opens: <see cref="TelemetrySessions"/>, or its default.</summary>
    public int TelemetrySessionCount => TelemetrySessions ?? (string.IsNullOrEmpty(SharedGroup) ? 1 : 4);

    /// <summary>
    /// At most this many lamps' telemetry waits for the cluster at once, one report per lamp (the newest); past it,
    /// a lamp with nothing waiting has its report shed and counted (<c>griddispatch_mqtt_telemetry_shed_total</c>).
    /// Bounds the gateway's memory when the cluster falls behind: about 1 KB a lamp.
    /// </summary>
    [Range(32, 10_000_000)] public int MaxTelemetryLamps { get; set; } = 200_000;

    /// <summary>
    /// For tests and benchmarks only: a pause before each telemetry report is ingested, which makes the cluster
    /// slower than the lamps so the overload path can be shown. Zero in production.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")] public TimeSpan TelemetryIngestDelay { get; set; } = TimeSpan.Zero;
}
