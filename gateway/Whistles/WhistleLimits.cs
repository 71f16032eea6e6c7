using System.ComponentModel.DataAnnotations;

namespace GridDispatch.Gateway.Whistles;

/// <summary>
/// How many new whistles one reporter may blow: a token bucket of <see cref="Burst"/> that refills
/// <see cref="PerMinute"/> a minute, the same however the whistle arrives (HTTP, gRPC, MQTT). Re-sending a whistle
/// already taken costs nothing. The defaults let a command centre report a storm; a script flooding incidents stops.
/// Section <c>Whistles</c>.
/// </summary>
public sealed class WhistleLimits
{
    public const string Section = "Whistles";

    [Range(1, 1_000_000)] public int Burst { get; set; } = 120;

    [Range(1, 1_000_000)] public int PerMinute { get; set; } = 60;
}
