using GridDispatch.Grains.Import;
using GridDispatch.Grains.Topology;

namespace GridDispatch.Simulators.Lamps;

/// <summary>Every lamp of a township (or the first <c>count</c>), each on its own MQTT connection.</summary>
public sealed class LampFleet(TownshipTopology township, LampBehaviour behaviour, int? count = null, int seed = 1, LampPauses? pauses = null) : IAsyncDisposable
{
    private readonly List<SimulatedLamp> _lamps = [];

    public IReadOnlyList<SimulatedLamp> Lamps => _lamps;

    public async Task RunAsync(string host, int port, Func<string, string> passwordFor, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        // Lamps go on at the township's own dusk, the same dusk the platform measures 亮灯率 against.
        var lamps = behaviour.Location is null ? behaviour with { Location = TopologyImporter.Location(township) } : behaviour;
        foreach (var lamp in township.Lamps.Take(count ?? int.MaxValue))
            _lamps.Add(new SimulatedLamp(township.Id, lamp.Id, lamp.RatedWatts, lamps, new Random(random.Next()), lamp.Kind) { Pauses = pauses });
        await Task.WhenAll(_lamps.Select(l => l.RunAsync(host, port, passwordFor(l.Id), cancellationToken)));
    }

    /// <summary>All lamps say goodbye at once: one after another, 800 disconnects took half a minute of a shutdown.</summary>
    public async ValueTask DisposeAsync() => await Task.WhenAll(_lamps.Select(l => l.DisposeAsync().AsTask()));
}
