using GridDispatch.Grains.Events;
using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Grains.Lighting;

/// <summary>Which lamps a group command goes to.</summary>
[GenerateSerializer]
public enum GroupTarget { Township, Village, Street, Feeder, Lamps }

/// <summary>What it does: switch on (at <see cref="GroupCommandRequest.Brightness"/>, 100 % unless given), off, dim, or run a profile.</summary>
[GenerateSerializer]
public enum GroupAction { On, Off, Brightness, Profile }

/// <summary>群控: one command to many lamps. A manual command: the lamps leave their schedule's program until the next one is applied.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Lighting.GroupCommandRequest")]
public sealed record GroupCommandRequest
{
    public const int MaxLamps = 5_000;

    [Id(0)] public required GroupTarget Target { get; init; }
    /// <summary>The village, street or feeder id; none for the township or hand-picked lamps.</summary>
    [Id(1)] public string? TargetId { get; init; }
    /// <summary>Hand-picked lamps (<see cref="GroupTarget.Lamps"/>).</summary>
    [Id(2)] public IReadOnlyList<string> LampIds { get; init; } = [];
    [Id(3)] public required GroupAction Action { get; init; }
    [Id(4)] public int? Brightness { get; init; }
    [Id(5)] public IReadOnlyList<DimmingStep> Profile { get; init; } = [];
    /// <summary>应急照明: lit on purpose, day or night (no DAY_BURNING). Only an emergency sets it, never a request from outside.</summary>
    [Id(6), System.Text.Json.Serialization.JsonIgnore] public bool Emergency { get; init; }

    public string? Problem() =>
        !Enum.IsDefined(Target) || !Enum.IsDefined(Action) ? "target is township, village, street, feeder or lamps; action is on, off, brightness or profile"
        : Target is GroupTarget.Village or GroupTarget.Street or GroupTarget.Feeder && string.IsNullOrWhiteSpace(TargetId) ? $"a {Target} target needs its id"
        : Target == GroupTarget.Lamps && LampIds.Count is 0 or > MaxLamps ? $"hand-pick 1 to {MaxLamps} lamps"
        : Action == GroupAction.Brightness && Brightness is not (>= 0 and <= 100) ? "brightness must be 0 to 100"
        : Action == GroupAction.On && Brightness is not (null or (> 0 and <= 100)) ? "switching on takes a brightness of 1 to 100"
        : Action == GroupAction.Profile && (Profile.Count is 0 or > 12 || Profile.Any(s => !s.IsValid)) ? "a profile has 1 to 12 steps of HH:mm–HH:mm at 0–100 %"
        : null;

    public bool Covers(LampProfile lamp) => Target switch
    {
        GroupTarget.Township => true,
        GroupTarget.Village => lamp.Village == TargetId,
        GroupTarget.Street => lamp.Street == TargetId,
        GroupTarget.Feeder => lamp.Feeder == TargetId,
        _ => LampIds.Contains(lamp.LampId),
    };

    /// <summary>The lamp command it becomes.</summary>
    public (LampCommandType Type, int? Brightness, IReadOnlyList<DimmingStep> Profile) ToLampCommand() => Action switch
    {
        GroupAction.On => (LampCommandType.SetBrightness, Brightness ?? 100, []),
        GroupAction.Off => (LampCommandType.SetBrightness, 0, []),
        GroupAction.Brightness => (LampCommandType.SetBrightness, Brightness, []),
        _ => (LampCommandType.SetProfile, null, Profile),
    };
}

/// <summary>Where a lamp's part stands: sent (awaiting its acknowledgement), pending (offline: sent when it next speaks), acknowledged, failed.</summary>
[GenerateSerializer]
public enum GroupPartStatus { Sent, Pending, Acknowledged, Failed }

/// <summary>A group command's progress: the screen's progress bar is <see cref="Acknowledged"/> of <see cref="Total"/>.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Lighting.GroupCommandProgress")]
public sealed record GroupCommandProgress
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Township { get; init; }
    [Id(2)] public required GroupCommandRequest Request { get; init; }
    [Id(3)] public required string By { get; init; }
    [Id(4)] public required DateTimeOffset StartedAt { get; init; }
    [Id(5)] public int Total { get; init; }
    [Id(6)] public int Sent { get; init; }
    [Id(7)] public int Pending { get; init; }
    [Id(8)] public int Acknowledged { get; init; }
    [Id(9)] public int Failed { get; init; }
    /// <summary>When the last lamp's part settled.</summary>
    [Id(10)] public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Lamps not yet asked for their part (a large command is sent in the background); counted in <see cref="Total"/>.</summary>
    [Id(11)] public int Queued { get; init; }

    public double Percent => Total == 0 ? 100 : Math.Round(100.0 * Acknowledged / Total, 1);
}

/// <summary>A group command started or moved on. Coalesced per command: a burst of acknowledgements is one message.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.GroupCommandChanged")]
public sealed record GroupCommandChanged : DomainEvent
{
    [Id(0)] public required GroupCommandProgress Progress { get; init; }
    public override string CoalesceKey => "group-command:" + Progress.Id;
}
