using System.CommandLine;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Topology;
using GridDispatch.Simulators.Handhelds;
using GridDispatch.Simulators.Lamps;
using GridDispatch.Simulators.Responders;

namespace GridDispatch.Simulators;

/// <summary>
/// <c>life</c> (a whole township), and its parts on their own: <c>lamps</c> (MQTT), <c>handhelds</c>
/// (grid leaders whistling over gRPC or MQTT) and <c>responders</c> (work orders over gRPC). Each runs
/// until Ctrl+C and shows what it is doing.
/// </summary>
public static class LifeCommands
{
    internal static readonly Option<string> Township = new("--township") { Description = "demo township: yimen or zhangguan", DefaultValueFactory = _ => "yimen" };
    internal static readonly Option<string> Host = new("--host") { Description = "GridDispatch host", DefaultValueFactory = _ => "127.0.0.1" };
    internal static readonly Option<int> MqttPort = new("--mqtt-port") { DefaultValueFactory = _ => 1883 };
    internal static readonly Option<int> GrpcPort = new("--grpc-port") { DefaultValueFactory = _ => 5081 };
    private static readonly Option<double> StatusEvery = new("--status-every") { Description = "seconds between status lines when the output is not a terminal", DefaultValueFactory = _ => 10 };
    internal static readonly Option<string> TokenPrefix = new("--token-prefix") { Description = "handheld token = prefix + person id", DefaultValueFactory = _ => "demo-" };

    private static readonly Option<double> Interval = new("--interval") { Description = "seconds between a lamp's reports (jittered ±20 %)", DefaultValueFactory = _ => 10 };
    private static readonly Option<double> FaultRate = new("--fault-rate") { Description = "chance per report that a lamp starts a fault", DefaultValueFactory = _ => 0.0005 };
    private static readonly Option<string[]> FaultMix = new("--fault") { Description = "one fault's own chance per report, e.g. --fault LEAKAGE=0.002 (repeatable)" };
    private static readonly Option<int> FaultReports = new("--fault-reports") { Description = "reports a fault lasts before it clears", DefaultValueFactory = _ => 12 };
    private static readonly Option<int?> Count = new("--count") { Description = "only the first N lamps" };
    internal static readonly Option<string> LampPassword = new("--lamp-password") { DefaultValueFactory = _ => "demo" };

    private static readonly Option<double> WhistleEvery = new("--whistle-every") { Description = "seconds between whistles, on average (0: none)", DefaultValueFactory = _ => 45 };
    private static readonly Option<WhistleTransport> Via = new("--via") { Description = "grpc (the app) or mqtt (a whistle box)", DefaultValueFactory = _ => WhistleTransport.Grpc };
    private static readonly Option<string> LeaderPassword = new("--leader-password") { Description = "grid leaders' MQTT password (--via mqtt)", DefaultValueFactory = _ => "demo" };

    private static readonly Option<double> AcknowledgeAfter = new("--ack-after") { Description = "seconds before 接单, on average", DefaultValueFactory = _ => 5 };
    private static readonly Option<double> WorkFor = new("--work-for") { Description = "seconds on site before 完成, on average", DefaultValueFactory = _ => 30 };
    private static readonly Option<double> Speed = new("--speed") { Description = "km/h on the way to the scene", DefaultValueFactory = _ => 30 };
    private static readonly Option<double> TimeScale = new("--time-scale") { Description = "simulated time runs this much faster on the way", DefaultValueFactory = _ => 20 };
    private static readonly Option<double> DeclineRate = new("--decline-rate") { Description = "chance of letting an offer lapse", DefaultValueFactory = _ => 0.05 };
    private static readonly Option<bool> Rate = new("--rate") { Description = "after 完成, the command centre calls back and closes (销号) with a 满意度 (needs --http and an account)" };
    internal static readonly Option<string> Http = new("--http") { Description = "the command centre's HTTP address", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
    internal static readonly Option<string> Admin = new("--admin") { DefaultValueFactory = _ => "admin" };
    internal static readonly Option<string> AdminPassword = new("--admin-password") { DefaultValueFactory = _ => "demo" };

    public static IEnumerable<Command> Create()
    {
        Option[] common = [Township, Host, MqttPort, GrpcPort, TokenPrefix, StatusEvery];
        Option[] lamps = [Interval, FaultRate, FaultMix, FaultReports, Count, LampPassword];
        Option[] handhelds = [WhistleEvery, Via, LeaderPassword];
        Option[] responders = [AcknowledgeAfter, WorkFor, Speed, TimeScale, DeclineRate, Rate];
        // The command centre: 销号 for --rate, and taking lamps over from the demo's own life.
        Option[] commandCentre = [Http, Admin, AdminPassword];
        yield return Make("life", "the township's lamps (MQTT), grid leaders and responders (gRPC), until Ctrl+C", LifeParts.All, [.. common, .. lamps, .. handhelds, .. responders, .. commandCentre]);
        yield return Make("lamps", "the township's streetlights on MQTT: dusk to dawn, commands obeyed, faults now and then", LifeParts.Lamps, [.. common, .. lamps, .. commandCentre]);
        yield return Make("handhelds", "grid leaders blowing the whistle (网格吹哨) at a rate, over gRPC or MQTT", LifeParts.Whistles, [.. common, .. handhelds]);
        yield return Make("responders", "the township's responders: 接单, ride to the scene, 到场, 完成 (gRPC)", LifeParts.Responders, [.. common, .. responders, .. commandCentre]);
    }

    private static Command Make(string name, string description, LifeParts parts, Option[] options)
    {
        var command = new Command(name, description);
        foreach (var option in options) command.Options.Add(option);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var topology = DemoTownships.All().FirstOrDefault(t => t.Id == parsed.GetValue(Township));
            if (topology is null)
            {
                Console.Error.WriteLine($"unknown township '{parsed.GetValue(Township)}'; known: {string.Join(", ", DemoTownships.All().Select(t => t.Id))}");
                return 2;
            }

            using var survey = parsed.GetValue(Rate) ? await CommandCentreLogin.SignInAsync(new Uri(parsed.GetValue(Http)!), parsed.GetValue(Admin)!, parsed.GetValue(AdminPassword)!, cancellationToken) : null;
            var options = Options(parsed, parts) with { Survey = survey is null ? null : new SatisfactionSurvey(survey, new Random(3)) };
            // Against the README's demo, whose own life simulates these lamps: take them over while this runs.
            await using var takeover = parts.HasFlag(LifeParts.Lamps) ? await TakeOverAsync(parsed, topology, options.LampCount, cancellationToken) : null;
            await using var life = new TownshipLife(topology, options);
            Console.WriteLine($"{topology.Name} {name}: → {options.Host} (MQTT {options.MqttPort}, gRPC {options.GrpcPort}); Ctrl+C stops");
            var running = life.RunAsync(cancellationToken);
            await LifeStatus.ShowAsync(life, running, TimeSpan.FromSeconds(parsed.GetValue(StatusEvery)), cancellationToken);
            try { await running; }
            catch (OperationCanceledException) { }
            return 0;
        });
        return command;
    }

    private static async Task<DemoTakeover?> TakeOverAsync(ParseResult parsed, TownshipTopology topology, int? count, CancellationToken cancellationToken)
    {
        HttpClient commandCentre;
        try { commandCentre = await CommandCentreLogin.SignInAsync(new Uri(parsed.GetValue(Http)!), parsed.GetValue(Admin)!, parsed.GetValue(AdminPassword)!, cancellationToken); }
        catch (HttpRequestException) { return null; } // no command centre to ask (or not ours): nobody else drives these lamps
        DemoTakeover? takeover;
        try { takeover = await DemoTakeover.TryAsync(commandCentre, [.. topology.Lamps.Take(count ?? int.MaxValue).Select(l => l.Id)], cancellationToken, ownsClient: true); }
        catch (HttpRequestException)
        {
            commandCentre.Dispose(); // an account that may not hand lamps over: run alongside, as before
            return null;
        }

        if (takeover is not null) Console.WriteLine("the demo's own simulated lamps of these ids are paused while this runs");
        return takeover;
    }

    /// <summary><c>LEAKAGE=0.002</c> items; one that is not a fault and a number is left out.</summary>
    private static Dictionary<string, double> ParseFaultMix(IEnumerable<string> items)
    {
        var mix = new Dictionary<string, double>();
        foreach (var item in items)
            if (item.Split('=', 2) is [var fault, var text] && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rate))
                mix[fault.Trim().ToUpperInvariant()] = rate;
        return mix;
    }

    private static LifeOptions Options(ParseResult p, LifeParts parts) => new()
    {
        Parts = parts, Host = p.GetValue(Host)!, MqttPort = p.GetValue(MqttPort), GrpcPort = p.GetValue(GrpcPort), TokenPrefix = p.GetValue(TokenPrefix)!,
        LampCount = p.GetValue(Count), LampPassword = p.GetValue(LampPassword)!,
        Lamps = new LampBehaviour
        {
            Interval = TimeSpan.FromSeconds(p.GetValue(Interval)), FaultRate = p.GetValue(FaultRate), FaultReports = p.GetValue(FaultReports),
            FaultMix = ParseFaultMix(p.GetValue(FaultMix) ?? []),
        },
        WhistleEvery = TimeSpan.FromSeconds(p.GetValue(WhistleEvery)), WhistleVia = p.GetValue(Via), LeaderPassword = p.GetValue(LeaderPassword)!,
        Responders = new ResponderBehaviour
        {
            AcknowledgeAfter = TimeSpan.FromSeconds(p.GetValue(AcknowledgeAfter)), WorkFor = TimeSpan.FromSeconds(p.GetValue(WorkFor)),
            SpeedKmh = p.GetValue(Speed), TimeScale = p.GetValue(TimeScale), IgnoreRate = p.GetValue(DeclineRate),
        },
    };
}
