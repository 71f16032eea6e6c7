namespace GridDispatch.Silo.Hosting;

/// <summary>Short flags for the settings an operator changes most; every other setting works as <c>--Section:Key=value</c>.</summary>
public static class SiloCommandLine
{
    /// <summary>Bare flags (no value) turned into settings before configuration reads the command line.</summary>
    public static string[] ExpandFlags(string[] args) => [.. args.Select(a => a == "--demo" ? "--Demo:Enabled=true" : a)];

    /// <summary>
    /// <c>appsettings.json</c> is read from the working directory (as <c>dotnet run --project silo</c> has it); when the
    /// process starts elsewhere (systemd, a script, a test), from beside the binary instead, under everything else.
    /// </summary>
    public static void UseSettingsBesideTheBinary(WebApplicationBuilder builder)
    {
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json"))) return;
        var beside = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        builder.Configuration.Sources.Insert(0, beside.Sources[0]);
        builder.Configuration.Sources.Insert(1, new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{builder.Environment.EnvironmentName}.json"), optional: true).Sources[0]);
    }

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
        ["--management-urls"] = "Management:Urls",
    };
}
