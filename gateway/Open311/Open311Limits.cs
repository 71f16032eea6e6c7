using System.ComponentModel.DataAnnotations;

namespace GridDispatch.Gateway.Open311;

/// <summary>
/// How fast Open311 may create service requests: per API key (a token bucket of <see cref="Burst"/> refilled
/// <see cref="PerMinute"/> a minute) and per client address (<see cref="PerAddressPerMinute"/>, which also slows key
/// guessing). Over either, 429 with Retry-After. Section <c>Open311</c>.
/// </summary>
public sealed class Open311Limits
{
    public const string Section = "Open311";

    [Range(1, 1_000_000)] public int Burst { get; set; } = 60;

    [Range(1, 1_000_000)] public int PerMinute { get; set; } = 30;

    [Range(1, 1_000_000)] public int PerAddressPerMinute { get; set; } = 120;
}
