using System.Diagnostics;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// The silo exactly as the README's run command starts it (the built GridDispatch.Silo.dll), as a
/// separate process on free loopback ports, so a test can stop it, kill -9 it and start it again.
/// </summary>
public sealed class SiloProcess : ServerProcess
{
    private SiloProcess(int httpPort, int managementPort, int gatewayPort, int mqttPort, int grpcPort, string workingDirectory, IEnumerable<string> arguments)
        : base($"silo:{httpPort}", Start(workingDirectory, arguments))
    {
        GrpcPort = grpcPort;
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
        ManagementAddress = new Uri($"http://127.0.0.1:{managementPort}");
        GatewayPort = gatewayPort;
        MqttPort = mqttPort;
    }

    public Uri BaseAddress { get; }

    /// <summary>The management listener (<c>Management:Urls</c>): /metrics, /orleans, /api/installation, /openapi, detailed /readyz.</summary>
    public Uri ManagementAddress { get; }

    /// <summary>Where Orleans clients connect.</summary>
    public int GatewayPort { get; }

    /// <summary>gRPC for handhelds (HTTP/2 cleartext).</summary>
    public int GrpcPort { get; }

    /// <summary>The embedded MQTT broker.</summary>
    public int MqttPort { get; }

    public static string Assembly { get; } = Path.Combine(
        RepositoryPaths.Root, "silo", "bin", RepositoryPaths.Configuration, "net10.0", "GridDispatch.Silo.dll");

    /// <summary>
    /// Starts the silo with <paramref name="arguments"/> plus free ports, and waits until <c>/readyz</c> says ready (the demo imported, if any).
    /// A demo silo on a new database starts from the demo imported once per run (<see cref="DemoDatabase"/>).
    /// </summary>
    public static async Task<SiloProcess> StartAsync(string workingDirectory, params string[] arguments)
    {
        await DemoDatabase.PrepareAsync(arguments);
        return await StartFreshAsync(workingDirectory, arguments);
    }

    /// <summary>As <see cref="StartAsync"/>, but a demo silo imports the demo itself, as on a first start.</summary>
    public static async Task<SiloProcess> StartFreshAsync(string workingDirectory, params string[] arguments)
    {
        if (!File.Exists(Assembly)) throw new FileNotFoundException("Build the solution first: the silo is not built", Assembly);
        var (httpPort, managementPort, gatewayPort, mqttPort, grpcPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
        string[] ports = ["--urls", $"http://127.0.0.1:{httpPort}", "--management-urls", $"http://127.0.0.1:{managementPort}", "--silo-port", FreePort.Next().ToString(), "--gateway-port", gatewayPort.ToString(),
            "--mqtt-port", mqttPort.ToString(), "--grpc-port", grpcPort.ToString()];
        // Tests drive the lamps themselves: the demo's simulated life stays off unless a test asks for it.
        string[] quiet = arguments.Any(a => a.StartsWith("--Demo:Life", StringComparison.Ordinal)) ? [] : ["--Demo:Life=false"];
        var silo = new SiloProcess(httpPort, managementPort, gatewayPort, mqttPort, grpcPort, workingDirectory, [.. ports, .. quiet, .. arguments]);
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await silo.WaitUntilAsync(async () => (await http.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(90));
        return silo;
    }

    private static ProcessStartInfo Start(string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Assembly);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }
}
