using System.Globalization;

namespace GridDispatch.Grains.Streetlights;

[GenerateSerializer]
public enum LampCommandType { SetBrightness, SetProfile }

[GenerateSerializer]
public enum LampCommandStatus { Pending, Acknowledged, Refused, Failed, Superseded }

/// <summary>One step of a dimming profile (调光策略): from–to local time at a brightness, e.g. 18:30–23:00 at 100 %.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.DimmingStep")]
public sealed record DimmingStep([property: Id(0)] string From, [property: Id(1)] string To, [property: Id(2)] int Brightness)
{
    public bool IsValid => IsTime(From) && IsTime(To) && Brightness is >= 0 and <= 100;

    private static bool IsTime(string text) => TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}

/// <summary>A command to a lamp (docs/INTERFACES.md, <c>…/cmd</c>), tracked until the lamp acknowledges it.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.LampCommand")]
public sealed record LampCommand
{
    [Id(0)] public required string CmdId { get; init; }
    [Id(1)] public required string LampId { get; init; }
    [Id(2)] public required string Township { get; init; }
    [Id(3)] public required LampCommandType Type { get; init; }
    [Id(4)] public int? Brightness { get; init; }
    [Id(5)] public IReadOnlyList<DimmingStep> Profile { get; init; } = [];
    [Id(6)] public required string IssuedBy { get; init; }
    [Id(7)] public required DateTimeOffset IssuedAt { get; init; }
    [Id(8)] public DateTimeOffset LastSentAt { get; init; }
    [Id(9)] public int Attempts { get; init; }
    [Id(10)] public LampCommandStatus Status { get; init; }
    /// <summary>A profile for a lamp that switches itself by ambient light: lit below this many lux.</summary>
    [Id(11)] public int? SwitchLux { get; init; }
    /// <summary>The group command it is part of (<see cref="ILampCommandGroupGrain"/>), if any.</summary>
    [Id(12)] public string? Group { get; init; }

    /// <summary>Held for an offline lamp: not sent yet, it goes out when the lamp next speaks.</summary>
    public bool Held => Attempts == 0;
}
