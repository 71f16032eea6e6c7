namespace GridDispatch.Grains.Lighting;

/// <summary>Which lamps an emergency lights: all the township's, or those of the villages the emergency names.</summary>
[GenerateSerializer]
public enum EmergencyScope { Township, NamedVillages }

/// <summary>
/// 应急照明, a township's setting: whether switching to emergency mode lights the affected area, how bright,
/// and which area. Defaults: on, 100 %, the whole township.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Lighting.EmergencyLightingSettings")]
public sealed record EmergencyLightingSettings
{
    public static readonly EmergencyLightingSettings Default = new();

    [Id(0)] public bool Enabled { get; init; } = true;
    [Id(1)] public int Brightness { get; init; } = 100;
    [Id(2)] public EmergencyScope Scope { get; init; } = EmergencyScope.Township;

    public string? Problem() =>
        !Enum.IsDefined(Scope) ? "scope is township or namedVillages"
        : Brightness is < 1 or > 100 ? "brightness is 1 to 100 %"
        : null;
}

/// <summary>
/// An emergency's lighting in force: the villages lit (none: the whole township) at <see cref="Brightness"/> by
/// the group commands <see cref="Commands"/> (one per village, or one for the township). While it lasts the
/// schedules leave these lamps alone; it ends when the township returns to normal.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Lighting.EmergencyLit")]
public sealed record EmergencyLit
{
    [Id(0)] public required DateTimeOffset Since { get; init; }
    [Id(1)] public IReadOnlyList<string> Villages { get; init; } = [];
    [Id(2)] public required int Brightness { get; init; }
    [Id(3)] public IReadOnlyList<string> Commands { get; init; } = [];
    [Id(4)] public required string By { get; init; }

    public bool Covers(Streetlights.LampProfile lamp) => Villages.Count == 0 || lamp.Village is { } v && Villages.Contains(v);

    /// <summary>The group command that lights one village (or, for none, the township): its id within the township.</summary>
    public static string CommandId(DateTimeOffset since, string? village) =>
        $"emergency-{since.ToUnixTimeMilliseconds()}" + (village is null ? "" : "-" + village);
}
