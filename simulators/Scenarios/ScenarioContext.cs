using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Net.Client;
using GridDispatch.Grains.Topology;
using GridDispatch.Simulators.Lamps;
using GridDispatch.Simulators.Responders;

namespace GridDispatch.Simulators.Scenarios;

/// <summary>
/// What a scenario may use: the public protocols only — lamps on MQTT, handhelds on gRPC, the command
/// centre on HTTP — and a log of what happened, for the person running it.
/// </summary>
public sealed class ScenarioContext(TownshipTopology township, LifeOptions options, Uri http, string adminUser, string adminPassword, TextWriter log) : IAsyncDisposable
{
    private readonly List<SimulatedLamp> _lamps = [];
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress($"http://{options.Host}:{options.GrpcPort}");
    private HttpClient? _commandCentre;

    public TownshipTopology Township => township;

    public TextWriter Log => log;

    /// <summary>
    /// Lamps of the township, connected, lit (it is dusk in every scenario). Against the demo, whose life
    /// simulates these very lamps, they are first taken over (<c>POST /api/demo/life/pause</c>) and handed back
    /// when the scenario ends, so the demo's lamp and the scenario's never kick each other off the broker.
    /// </summary>
    public async Task<IReadOnlyList<SimulatedLamp>> LampsAsync(IEnumerable<Lamp> lamps, CancellationToken cancellationToken)
    {
        lamps = lamps.ToList();
        if (await DemoTakeover.TryAsync(await CommandCentreAsync(), [.. lamps.Select(l => l.Id)], cancellationToken) is { } takeover) _takeovers.Add(takeover);
        var behaviour = options.Lamps with { AlwaysNight = true, FaultRate = 0 };
        var random = new Random(11);
        var connected = new List<SimulatedLamp>();
        foreach (var lamp in lamps)
        {
            var simulated = new SimulatedLamp(township.Id, lamp.Id, lamp.RatedWatts, behaviour, new Random(random.Next()));
            await simulated.ConnectAsync(options.Host, options.MqttPort, options.LampPassword, cancellationToken);
            connected.Add(simulated);
        }

        _lamps.AddRange(connected);
        return connected;
    }

    private readonly List<DemoTakeover> _takeovers = [];

    public static Task ReportAllAsync(IEnumerable<SimulatedLamp> lamps, CancellationToken cancellationToken) =>
        Task.WhenAll(lamps.Select(l => l.ReportAsync(DateTimeOffset.UtcNow, cancellationToken)));

    /// <summary>The township's responders on their handhelds, quick to answer (a scenario is minutes, not hours).</summary>
    public Task RespondersAsync(CancellationToken cancellationToken, Func<string, bool>? ignores = null)
    {
        var behaviour = new ResponderBehaviour
        {
            AcknowledgeAfter = TimeSpan.FromSeconds(1), TravelFor = TimeSpan.FromSeconds(40) /* 2 s at the default time scale */, WorkFor = TimeSpan.FromSeconds(3), IgnoreRate = 0, Ignores = ignores,
        };
        var random = new Random(5);
        return Task.WhenAll(township.Responders.Select(r =>
            new SimulatedResponder(_channel, r.Id, options.TokenPrefix + r.Id, behaviour, new Random(random.Next())).RunAsync(cancellationToken)));
    }

    public GrpcChannel Channel => _channel;

    public async Task<HttpClient> CommandCentreAsync()
    {
        return _commandCentre ??= await CommandCentreLogin.SignInAsync(http, adminUser, adminPassword);
    }

    public async Task<JsonElement[]> IncidentsAsync()
    {
        var client = await CommandCentreAsync();
        return [.. (await client.GetFromJsonAsync<JsonElement>($"/api/incidents?township={township.Id}&limit=1000")).EnumerateArray()];
    }

    /// <summary>Polls the incident list until <paramref name="done"/> holds; false if <paramref name="within"/> passes first.</summary>
    public async Task<bool> WaitForAsync(string what, Func<JsonElement[], bool> done, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (done(await IncidentsAsync()))
            {
                log.WriteLine($"  ✓ {what}");
                return true;
            }

            await Task.Delay(500, cancellationToken);
        }

        log.WriteLine($"  ✗ {what} (not within {within.TotalSeconds:F0} s)");
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lamp in _lamps) await lamp.DisposeAsync();
        foreach (var takeover in _takeovers) await takeover.DisposeAsync(); // the demo's own lamps come back

        _channel.Dispose();
        _commandCentre?.Dispose();
    }
}
