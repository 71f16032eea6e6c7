using GridDispatch.Grains.Topology;

namespace GridDispatch.Simulators.Lamps;

/// <summary>Every lamp of a township (or the first <c>count</c>), each on its own MQTT connection.</summary>
public sealed class LampFleet(TownshipTopology township, LampBehaviour behaviour, int? count = null, int seed = 1) : IAsyncDisposable
{
    private readonly List<SimulatedLamp> _lamps = [];

    public IReadOnlyList<SimulatedLamp> Lamps => _lamps;

    public async Task RunAsync(string host, int port, Func<string, string> passwordFor, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        foreach (var lamp in township.Lamps.Take(count ?? int.MaxValue))
            _lamps.Add(new SimulatedLamp(township.Id, lamp.Id, lamp.RatedWatts, behaviour, new Random(random.Next()), lamp.Kind));
        await Task.WhenAll(_lamps.Select(l => l.RunAsync(host, port, passwordFor(l.Id), cancellationToken)));
    }

    /// <summary>All lamps say goodbye at once: one after another, 800 disconnects took half a minute of a shutdown.</summary>
    public async ValueTask DisposeAsync() => await Task.WhenAll(_lamps.Select(l => l.DisposeAsync().AsTask()));
}
