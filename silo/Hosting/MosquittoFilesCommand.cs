using GridDispatch.Gateway.Mqtt;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Topology;

namespace GridDispatch.Silo.Hosting;

/// <summary>
/// <c>GridDispatch.Silo mosquitto-files --out DIR [--topology FILE,…] [--demo]</c>: writes
/// <c>griddispatch.passwd</c> and <c>griddispatch.acl</c> for mosquitto from topology files. Lamp passwords
/// are derived from <c>Mqtt:DeviceSecret</c> (as the embedded broker checks them); the gateway's comes
/// from <c>Mqtt:External:Password</c>. With <c>--demo</c>, the demo townships with the demo password.
/// </summary>
public static class MosquittoFilesCommand
{
    public const string Name = "mosquitto-files";

    public static int Run(string[] args)
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine([.. SiloCommandLine.ExpandFlags(args)]).Build();
        var output = config["out"];
        var demo = config.GetValue("Demo:Enabled", false);
        var secret = config["Mqtt:DeviceSecret"];
        var gatewayUser = config["Mqtt:External:Username"] ?? "griddispatch-gateway";
        var gatewayPassword = config["Mqtt:External:Password"];
        if (output is null || gatewayPassword is null || (secret is null && !demo))
        {
            Console.Error.WriteLine("usage: mosquitto-files --out DIR --Mqtt:External:Password=… (--Mqtt:DeviceSecret=… --topology FILE[,FILE…] | --demo)");
            return 2;
        }

        var townships = new List<TownshipTopology>();
        if (demo) townships.AddRange(DemoTownships.All());
        foreach (var file in (config["topology"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parsed = TopologyFile.Parse(File.ReadAllText(file));
            if (!parsed.Succeeded)
            {
                Console.Error.WriteLine($"{file}: {parsed}");
                return 1;
            }

            townships.Add(parsed.Topology);
        }

        var credentials = new MosquittoFiles.Credentials(gatewayUser, gatewayPassword,
            lamp => secret is null ? "demo" : DeviceKeys.Derive(secret, lamp),
            leader => demo ? "demo" : null); // real leaders' passwords are hashed in their accounts: they whistle over gRPC or HTTP
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "griddispatch.passwd"), MosquittoFiles.PasswordFile(townships, credentials));
        File.WriteAllText(Path.Combine(output, "griddispatch.acl"), MosquittoFiles.AclFile(townships, gatewayUser));
        Console.WriteLine($"{output}: griddispatch.passwd and griddispatch.acl for {townships.Count} townships, {townships.Sum(t => t.Lamps.Count)} lamps");
        return 0;
    }
}
