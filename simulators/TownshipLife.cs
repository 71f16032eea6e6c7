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
}

/// <summary>A whole township alive: its lamps on MQTT, its responders and grid leaders on gRPC.</summary>
public sealed class TownshipLife(TownshipTopology township, LifeOptions options) : IAsyncDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress($"http://{options.Host}:{options.GrpcPort}");
    private readonly LampFleet _fleet = new(township, options.Lamps, options.LampCount);

    public LampFleet Fleet => _fleet;

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var random = new Random(7);
        var responders = township.Responders.Select(r =>
            new SimulatedResponder(_channel, r.Id, options.TokenPrefix + r.Id, options.Responders, new Random(random.Next()))).ToList();
        List<Task> running =
        [
            _fleet.RunAsync(options.Host, options.MqttPort, _ => options.LampPassword, cancellationToken),
            .. responders.Select(r => r.RunAsync(cancellationToken)),
        ];
        if (options.WhistleEvery > TimeSpan.Zero)
            running.Add(new WhistleBlower(_channel, township, id => options.TokenPrefix + id, new Random(random.Next())).RunAsync(options.WhistleEvery, cancellationToken));
        return Task.WhenAll(running);
    }

    public async ValueTask DisposeAsync()
    {
        await _fleet.DisposeAsync();
        _channel.Dispose();
    }
}
