namespace GridDispatch.Silo.Hosting;

/// <summary>Short flags for the settings an operator changes most; every other setting works as <c>--Section:Key=value</c>.</summary>
public static class SiloCommandLine
{
    /// <summary>Bare flags (no value) turned into settings before configuration reads the command line.</summary>
    public static string[] ExpandFlags(string[] args) => [.. args.Select(a => a == "--demo" ? "--Demo:Enabled=true" : a)];

    public static readonly IDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--profile"] = "Silo:Profile",
        ["--roles"] = "Silo:Roles",
        ["--service-id"] = "Silo:ServiceId",
        ["--cluster-id"] = "Silo:ClusterId",
        ["--silo-port"] = "Silo:SiloPort",
        ["--gateway-port"] = "Silo:GatewayPort",
        ["--advertise"] = "Silo:AdvertisedAddress",
        ["--db"] = "Sqlite:DataSource",
        ["--redis"] = "Redis:Configuration",
        ["--mqtt-port"] = "Mqtt:Port",
        ["--grpc-port"] = "Grpc:Port",
    };
}
