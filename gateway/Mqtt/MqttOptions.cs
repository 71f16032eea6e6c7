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

    /// <summary>Connections past this are refused ("server unavailable").</summary>
    [Range(1, 10_000_000)] public int MaxConnections { get; set; } = 200_000;
}
