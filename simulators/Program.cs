using System.CommandLine;
using GridDispatch.Grains.Topology;
using GridDispatch.Simulators;
using GridDispatch.Simulators.Lamps;

// griddispatch-sim: lamps, responders and grid leaders of a township against a running GridDispatch,
// over the public protocols only. E.g.  dotnet run --project simulators -- life --township yimen
var township = new Option<string>("--township") { Description = "demo township: yimen or zhangguan", DefaultValueFactory = _ => "yimen" };
var host = new Option<string>("--host") { Description = "GridDispatch host", DefaultValueFactory = _ => "127.0.0.1" };
var mqttPort = new Option<int>("--mqtt-port") { DefaultValueFactory = _ => 1883 };
var grpcPort = new Option<int>("--grpc-port") { DefaultValueFactory = _ => 5081 };
var interval = new Option<double>("--interval") { Description = "seconds between a lamp's reports", DefaultValueFactory = _ => 10 };
var faultRate = new Option<double>("--fault-rate") { Description = "chance per report that a lamp starts a fault", DefaultValueFactory = _ => 0.0005 };
var count = new Option<int?>("--count") { Description = "only the first N lamps" };
var whistleEvery = new Option<double>("--whistle-every") { Description = "seconds between whistles (0: none)", DefaultValueFactory = _ => 45 };
var lampPassword = new Option<string>("--lamp-password") { DefaultValueFactory = _ => "demo" };
var tokenPrefix = new Option<string>("--token-prefix") { Description = "handheld token = prefix + person id", DefaultValueFactory = _ => "demo-" };

var life = new Command("life", "the township's lamps (MQTT), responders and grid leaders (gRPC), until Ctrl+C")
{
    township, host, mqttPort, grpcPort, interval, faultRate, count, whistleEvery, lampPassword, tokenPrefix,
};
life.SetAction(async (parsed, cancellationToken) =>
{
    var topology = DemoTownships.All().FirstOrDefault(t => t.Id == parsed.GetValue(township));
    if (topology is null)
    {
        Console.Error.WriteLine($"unknown township '{parsed.GetValue(township)}'; known: {string.Join(", ", DemoTownships.All().Select(t => t.Id))}");
        return 2;
    }

    var options = new LifeOptions
    {
        Host = parsed.GetValue(host)!, MqttPort = parsed.GetValue(mqttPort), GrpcPort = parsed.GetValue(grpcPort), LampCount = parsed.GetValue(count),
        LampPassword = parsed.GetValue(lampPassword)!, TokenPrefix = parsed.GetValue(tokenPrefix)!,
        Lamps = new LampBehaviour { Interval = TimeSpan.FromSeconds(parsed.GetValue(interval)), FaultRate = parsed.GetValue(faultRate) },
        WhistleEvery = TimeSpan.FromSeconds(parsed.GetValue(whistleEvery)),
    };
    await using var running = new TownshipLife(topology, options);
    Console.WriteLine($"{topology.Name}: {options.LampCount ?? topology.Lamps.Count} lamps, {topology.Responders.Count} responders → {options.Host} (MQTT {options.MqttPort}, gRPC {options.GrpcPort}); Ctrl+C stops");
    try { await running.RunAsync(cancellationToken); }
    catch (OperationCanceledException) { }
    return 0;
});

var scenarioName = new Argument<string>("name") { Description = "feeder-outage, leakage-in-the-rain or typhoon" };
var http = new Option<string>("--http") { Description = "the command centre's HTTP address", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
var admin = new Option<string>("--admin") { DefaultValueFactory = _ => "admin" };
var adminPassword = new Option<string>("--admin-password") { DefaultValueFactory = _ => "demo" };
var scenario = new Command("scenario", "a scripted story against a running GridDispatch; exits 0 if the platform did what it should")
{
    scenarioName, township, host, mqttPort, grpcPort, http, admin, adminPassword, lampPassword, tokenPrefix,
};
scenario.SetAction(async (parsed, cancellationToken) =>
{
    var topology = DemoTownships.All().FirstOrDefault(t => t.Id == parsed.GetValue(township));
    if (topology is null || !GridDispatch.Simulators.Scenarios.Scenarios.All.TryGetValue(parsed.GetValue(scenarioName)!, out var story))
    {
        Console.Error.WriteLine($"unknown township or scenario; scenarios: {string.Join(", ", GridDispatch.Simulators.Scenarios.Scenarios.All.Keys)}");
        return 2;
    }

    var options = new LifeOptions
    {
        Host = parsed.GetValue(host)!, MqttPort = parsed.GetValue(mqttPort), GrpcPort = parsed.GetValue(grpcPort),
        LampPassword = parsed.GetValue(lampPassword)!, TokenPrefix = parsed.GetValue(tokenPrefix)!,
    };
    await using var context = new GridDispatch.Simulators.Scenarios.ScenarioContext(topology, options, new Uri(parsed.GetValue(http)!),
        parsed.GetValue(admin)!, parsed.GetValue(adminPassword)!, Console.Out);
    var ok = await story(context, cancellationToken);
    Console.WriteLine(ok ? "scenario passed" : "scenario FAILED");
    return ok ? 0 : 1;
});

var root = new RootCommand("GridDispatch simulators: lamps, handhelds and responders over MQTT and gRPC") { life, scenario, GridDispatch.Simulators.Handhelds.HandheldCommands.Create() };
return await root.Parse(args).InvokeAsync();
