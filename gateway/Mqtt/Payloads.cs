using System.Text.Json.Serialization;

namespace GridDispatch.Gateway.Mqtt;

/// <summary><c>…/telemetry</c>: every field optional but <c>ts</c> (Unix ms).</summary>
public sealed record TelemetryPayload(
    long? Ts, bool? On, double? Brightness, double? Voltage, double? Current, double? Power, double? EnergyWh,
    double? Lux, double? Battery, double? Temperature, double? Tilt, double? LeakageMa, string[]? Faults);

/// <summary><c>…/event</c>: a fault began or ended, or the lamp restarted.</summary>
public sealed record EventPayload(long? Ts, string? Type, string? Code);

/// <summary><c>…/cmd/ack</c>.</summary>
public sealed record CommandAckPayload(string? CmdId, bool? Ok);

/// <summary><c>gd/{township}/grid/{cellId}/whistle</c>.</summary>
public sealed record WhistlePayload(string? WhistleId, string? By, string? Category, string? Severity, string? Text, double? Lat, double? Lon, long? Ts);

/// <summary><c>…/cmd</c>, platform to lamp.</summary>
/// <summary>A work order on <c>gd/{township}/responder/{id}/assignment</c>: <c>type</c> is <c>offered</c> or <c>withdrawn</c>.</summary>
public sealed record AssignmentPayload(
    string Type, string IncidentId, string ResponderId, string? Title, string? Category, string? Severity, string? Cell, double? Lat, double? Lon,
    long? OfferedAt, long? AcknowledgeBy, long? ResolveBy, string[]? Lamps, string? Reason);

/// <summary>
/// 报到 called (emergency mode) on <c>gd/{township}/responder/{id}/assignment</c> too, so a handheld already
/// subscribed there hears it: <c>{"type":"called","township","responderId","reason","at"}</c>, <c>at</c> Unix ms.
/// </summary>
public sealed record CallOutPayload(string Type, string Township, string ResponderId, string? Reason, long At);

/// <param name="SwitchLux">A profile for a lamp that switches itself by ambient light: lit below this (absent: the profile's 0 % steps are off).</param>
public sealed record CommandPayload(string CmdId, string Type, int? Brightness, ProfileStepPayload[]? Profile, int? SwitchLux = null);

public sealed record ProfileStepPayload(string From, string To, int Brightness);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TelemetryPayload))]
[JsonSerializable(typeof(EventPayload))]
[JsonSerializable(typeof(CommandAckPayload))]
[JsonSerializable(typeof(WhistlePayload))]
[JsonSerializable(typeof(CommandPayload))]
[JsonSerializable(typeof(AssignmentPayload))]
[JsonSerializable(typeof(CallOutPayload))]
public sealed partial class MqttJson : JsonSerializerContext;
