namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// 检修: a lamp taken out of alarming until <see cref="Until"/>. Alarms raised meanwhile are kept and shown,
/// marked suppressed, but open no work order; when the period ends (by itself) those still open go to the
/// work-order desk as if just raised.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.LampMaintenance")]
public sealed record LampMaintenance
{
    [Id(0)] public required DateTimeOffset Since { get; init; }
    [Id(1)] public required DateTimeOffset Until { get; init; }
    [Id(2)] public required string By { get; init; }
    [Id(3)] public string? Reason { get; init; }

    /// <summary>The longest period one may ask for; longer work is a new request, so nothing is forgotten in maintenance.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(30);
}
