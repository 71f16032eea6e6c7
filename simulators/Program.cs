using System.CommandLine;
using GridDispatch.Grains.Demo;
using GridDispatch.Simulators;

// griddispatch-sim: lamps, responders and grid leaders of a township against a running GridDispatch,
// over the public protocols only. E.g.  dotnet run --project simulators -- life --township yimen
//   lamps | handhelds | responders: one part of the township's life;  scenario NAME: a scripted story;
//   handheld …: one handheld by hand.
var scenarioName = new Argument<string>("name") { Description = "feeder-outage, leakage-in-the-rain or typhoon" };
var (township, host, mqttPort, grpcPort, lampPassword, tokenPrefix) =
    (LifeCommands.Township, LifeCommands.Host, LifeCommands.MqttPort, LifeCommands.GrpcPort, LifeCommands.LampPassword, LifeCommands.TokenPrefix);
var (http, admin, adminPassword) = (LifeCommands.Http, LifeCommands.Admin, LifeCommands.AdminPassword);
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

var root = new RootCommand("GridDispatch simulators: lamps, handhelds and responders over MQTT and gRPC") { scenario, GridDispatch.Simulators.Handhelds.HandheldCommands.Create() };
foreach (var command in LifeCommands.Create()) root.Subcommands.Add(command);
// SIGTERM (a service manager, a script, or a shell that started us in the background, where Ctrl+C's SIGINT is
// ignored) stops the simulators as gracefully as Ctrl+C does: connections closed, the last status printed.
using var terminated = new CancellationTokenSource();
using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    terminated.Cancel();
});
return await root.Parse(args).InvokeAsync(cancellationToken: terminated.Token);
