using System.ComponentModel.DataAnnotations;

namespace GridDispatch.Silo.Hosting;

/// <summary>How this silo joins its cluster. Section <c>Silo</c>.</summary>
public sealed class SiloOptions
{
    public const string Section = "Silo";

    public SiloProfile Profile { get; set; } = SiloProfile.Embedded;

    /// <summary>Silo, Gateway, Dashboard, or a comma-separated mix; without Silo the process is an Orleans client.</summary>
    public HostRoles Roles { get; set; } = HostRoles.All;

    /// <summary>Names the deployment; persisted state and reminders are keyed by it, so keep it across upgrades.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string ServiceId { get; set; } = "griddispatch";

    /// <summary>Silos with the same cluster id find each other through the membership table.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string ClusterId { get; set; } = "griddispatch";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port on which Orleans clients (a separate gateway or dashboard) connect.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos and clients use to reach this one (cluster profile).</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}
