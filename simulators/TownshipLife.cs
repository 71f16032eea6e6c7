using Grpc.Net.Client;
using GridDispatch.Grains.Topology;
using GridDispatch.Simulators.Handhelds;
using GridDispatch.Simulators.Lamps;
using GridDispatch.Simulators.Responders;

namespace GridDispatch.Simulators;

/// <summary>Where a simulated township talks to and how lively it is.</summary>
public sealed record LifeOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int MqttPort { get; init; } = 1883;
    public int GrpcPort { get; init; } = 5081;
    /// <summary>Lamp password (the demo's is <c>demo</c>); handheld tokens are <c>{TokenPrefix}{id}</c>.</summary>
    public string LampPassword { get; init; } = "demo";
    public string TokenPrefix { get; init; } = "demo-";
    public LampBehaviour Lamps { get; init; } = new();
    public ResponderBehaviour Responders { get; init; } = new();
    /// <summary>About one whistle per this much time; zero: none.</summary>
    public TimeSpan WhistleEvery { get; init; } = TimeSpan.FromSeconds(45);
    public int? LampCount { get; init; }

    public LifeParts Parts { get; init; } = LifeParts.All;

    public WhistleTransport WhistleVia { get; init; } = WhistleTransport.Grpc;

    /// <summary>MQTT password of a grid leader's handheld when whistling over MQTT (the demo's is <c>demo</c>).</summary>
    public string LeaderPassword { get; init; } = "demo";

    /// <summary>When set, the command centre calls the reporter back after each 完成 and closes (销号) with a 满意度.</summary>
    public SatisfactionSurvey? Survey { get; init; }

    /// <summary>Lamps handed over to a scenario for now: they leave the broker until resumed.</summary>
    public LampPauses? LampPauses { get; init; }
}

/// <summary>A whole township alive: its lamps on MQTT, its responders and grid leaders on gRPC.</summary>
public sealed class TownshipLife(TownshipTopology township, LifeOptions options) : IAsyncDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress($"http://{options.Host}:{options.GrpcPort}");
    private readonly LampFleet _fleet = new(township, options.Lamps, options.LampCount, pauses: options.LampPauses);
    private readonly List<SimulatedResponder> _responders = [];
    private WhistleBlower? _whistles;

    public TownshipTopology Township => township;

    public LampFleet Fleet => _fleet;

    public IReadOnlyList<SimulatedResponder> Responders => _responders;

    public WhistleBlower? Whistles => _whistles;

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var random = new Random(7);
        var parts = options.Parts;
        List<Task> running = [];
        if (parts.HasFlag(LifeParts.Lamps)) running.Add(_fleet.RunAsync(options.Host, options.MqttPort, _ => options.LampPassword, cancellationToken));
        if (parts.HasFlag(LifeParts.Responders))
        {
            _responders.AddRange(township.Responders.Select(r => new SimulatedResponder(_channel, r.Id, options.TokenPrefix + r.Id, options.Responders,
                new Random(random.Next()), r.Base) { AfterResolve = options.Survey is { } survey ? survey.CallBackAsync : null }));
            running.AddRange(_responders.Select(r => r.RunAsync(cancellationToken)));
        }

        if (parts.HasFlag(LifeParts.Whistles) && options.WhistleEvery > TimeSpan.Zero)
        {
            IWhistleSender sender = options.WhistleVia == WhistleTransport.Mqtt
                ? new MqttWhistleSender(township.Id, options.Host, options.MqttPort, _ => options.LeaderPassword)
                : new GrpcWhistleSender(_channel, id => options.TokenPrefix + id);
            _whistles = new WhistleBlower(sender, township, new Random(random.Next()));
            running.Add(_whistles.RunAsync(options.WhistleEvery, cancellationToken));
        }

        return Task.WhenAll(running);
    }

    public async ValueTask DisposeAsync()
    {
        await _fleet.DisposeAsync();
        if (_whistles is not null) await _whistles.DisposeAsync();
        _channel.Dispose();
    }
}
