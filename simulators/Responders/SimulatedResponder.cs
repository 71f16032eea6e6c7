using GridDispatch.Gateway.Grpc.V1;
using GridDispatch.Grains.Common;
using GridDispatch.Grains.Topology;
using Grpc.Core;
using Grpc.Net.Client;

namespace GridDispatch.Simulators.Responders;

/// <summary>
/// A responder's handheld on gRPC: subscribes to its work orders, and for each offer acknowledges,
/// travels, arrives and resolves, with jittered delays; resubscribes if the stream drops.
/// </summary>
public sealed class SimulatedResponder(GrpcChannel channel, string responderId, string token, ResponderBehaviour behaviour, Random random, GeoPoint? home = null)
{
    private GeoPoint? _position = home;
    private readonly GridDispatch.Gateway.Grpc.V1.Responders.RespondersClient _client = new(channel);
    private readonly Metadata _auth = new() { { "authorization", $"Bearer {token}" } };
    private int _offered, _declined, _acknowledged, _resolved;

    public string Id => responderId;

    /// <summary>Offers heard, let lapse (declined), taken (接单) and finished (完成), for the live table.</summary>
    public int Offered => Volatile.Read(ref _offered);

    public int Declined => Volatile.Read(ref _declined);

    public int Acknowledged => Volatile.Read(ref _acknowledged);

    public int Resolved => Volatile.Read(ref _resolved);

    /// <summary>Called after each 完成 with the incident id: the command centre's 回访 and 销号, when the simulation rates work.</summary>
    public Func<string, CancellationToken, Task>? AfterResolve { get; init; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var working = new HashSet<string>();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var call = _client.Subscribe(new SubscribeRequest { ResponderId = responderId }, _auth, cancellationToken: cancellationToken);
                await foreach (var assignment in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    if (assignment.Kind != "offered") continue;
                    Interlocked.Increment(ref _offered);
                    if (behaviour.Ignores?.Invoke(assignment.Title) == true) Interlocked.Increment(ref _declined);
                    else if (TryTake(working, assignment.IncidentId))
                        _ = WorkAsync(assignment.IncidentId, assignment.HasLat && assignment.HasLon ? new GeoPoint(assignment.Lat, assignment.Lon) : null, working, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (RpcException) { }

            await Task.Delay(TimeSpan.FromSeconds(2 + random.NextDouble() * 3), cancellationToken);
        }
    }

    private async Task WorkAsync(string incidentId, GeoPoint? scene, HashSet<string> working, CancellationToken cancellationToken)
    {
        try
        {
            if (random.NextDouble() < behaviour.IgnoreRate)
            {
                Interlocked.Increment(ref _declined);
                return;
            }

            var order = new WorkOrderRequest { ResponderId = responderId, IncidentId = incidentId };
            await Task.Delay(Jitter(behaviour.AcknowledgeAfter), cancellationToken);
            await _client.AcknowledgeAsync(order, _auth, cancellationToken: cancellationToken);
            Interlocked.Increment(ref _acknowledged);
            await TravelAsync(scene, cancellationToken);
            await _client.ArriveAsync(order, _auth, cancellationToken: cancellationToken);
            await Task.Delay(Jitter(behaviour.WorkFor), cancellationToken);
            await _client.ResolveAsync(new ResolveRequest { ResponderId = responderId, IncidentId = incidentId, Note = "已处置完毕" }, _auth, cancellationToken: cancellationToken);
            Interlocked.Increment(ref _resolved);
            if (AfterResolve is { } rate) await rate(incidentId, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // withdrawn meanwhile, or the incident moved on: the next offer is another chance
        }
        finally
        {
            lock (working) working.Remove(incidentId);
        }
    }

    /// <summary>Rides to the scene at the behaviour's speed, reporting where it is on the way, so the map shows it move.</summary>
    private async Task TravelAsync(GeoPoint? scene, CancellationToken cancellationToken)
    {
        if (scene is null || _position is not { } from || GeoDistance.Km(from.Lat, from.Lon, scene.Lat, scene.Lon) is not { } km)
        {
            // simulated time, as a ride with known ends is: --time-scale 500 must not leave a test waiting 10–30 s
            await Task.Delay(Jitter(behaviour.TravelFor / behaviour.TimeScale), cancellationToken);
            if (scene is not null) _position = scene;
            return;
        }

        var total = TimeSpan.FromHours(km / behaviour.SpeedKmh / behaviour.TimeScale);
        var started = DateTime.UtcNow;
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed = DateTime.UtcNow - started)
        {
            var done = elapsed / total;
            _position = new GeoPoint(from.Lat + (scene.Lat - from.Lat) * done, from.Lon + (scene.Lon - from.Lon) * done);
            try
            {
                await _client.UpdateStatusAsync(new UpdateStatusRequest { ResponderId = responderId, Status = "EnRoute", Lat = _position.Lat, Lon = _position.Lon },
                    _auth, cancellationToken: cancellationToken);
            }
            catch (RpcException) { /* a lost position report is only a jump on the map */ }

            await Task.Delay(Min(behaviour.PositionEvery, total - elapsed), cancellationToken);
        }

        _position = scene;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static bool TryTake(HashSet<string> working, string incidentId)
    {
        lock (working) return working.Add(incidentId);
    }

    private TimeSpan Jitter(TimeSpan around) => around * (0.5 + random.NextDouble());
}
