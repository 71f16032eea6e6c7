using System.ComponentModel.DataAnnotations;

namespace GridDispatch.Identity;

/// <summary>Logins and tokens. Section <c>Accounts</c>.</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>How long a bearer token from <c>/api/login</c> stays valid: a shift and then some.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// On a start where no <c>admin</c> account exists, it is created (county-wide) with this password.
    /// Set it once, through the environment (<c>Accounts__AdminPassword</c>), never in a committed file.
    /// </summary>
    public string? AdminPassword { get; set; }

    /// <summary>
    /// How often the token of every live connection (hub connection, gRPC stream) is checked again: a
    /// logged-out, disabled or changed account's connections end within this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SessionRecheck { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Login attempts allowed per client address per minute, across all names.</summary>
    [Range(1, 10_000)] public int LoginsPerMinute { get; set; } = 20;
}
