using Grpc.Core;
using Grpc.Net.Client;
using GridDispatch.Gateway.Grpc.V1;

namespace GridDispatch.Simulators.Responders;

/// <summary>
/// A responder's handheld on gRPC: subscribes to its work orders, and for each offer acknowledges,
/// travels, arrives and resolves, with jittered delays; resubscribes if the stream drops.
/// </summary>
public sealed class SimulatedResponder(GrpcChannel channel, string responderId, string token, ResponderBehaviour behaviour, Random random)
{
    private readonly GridDispatch.Gateway.Grpc.V1.Responders.RespondersClient _client = new(channel);
    private readonly Metadata _auth = new() { { "authorization", $"Bearer {token}" } };
    public int Resolved { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var working = new HashSet<string>();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var call = _client.Subscribe(new SubscribeRequest { ResponderId = responderId }, _auth, cancellationToken: cancellationToken);
                await foreach (var assignment in call.ResponseStream.ReadAllAsync(cancellationToken))
                    if (assignment.Kind == "offered" && behaviour.Ignores?.Invoke(assignment.Title) != true && working.Add(assignment.IncidentId))
                        _ = WorkAsync(assignment.IncidentId, working, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (RpcException) { }

            await Task.Delay(TimeSpan.FromSeconds(2 + random.NextDouble() * 3), cancellationToken);
        }
    }

    private async Task WorkAsync(string incidentId, HashSet<string> working, CancellationToken cancellationToken)
    {
        try
        {
            if (random.NextDouble() < behaviour.IgnoreRate) return;
            var order = new WorkOrderRequest { ResponderId = responderId, IncidentId = incidentId };
            await Task.Delay(Jitter(behaviour.AcknowledgeAfter), cancellationToken);
            await _client.AcknowledgeAsync(order, _auth, cancellationToken: cancellationToken);
            await Task.Delay(Jitter(behaviour.TravelFor), cancellationToken);
            await _client.ArriveAsync(order, _auth, cancellationToken: cancellationToken);
            await Task.Delay(Jitter(behaviour.WorkFor), cancellationToken);
            await _client.ResolveAsync(new ResolveRequest { ResponderId = responderId, IncidentId = incidentId, Note = "已处置完毕" }, _auth, cancellationToken: cancellationToken);
            Resolved++;
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

    private TimeSpan Jitter(TimeSpan around) => around * (0.5 + random.NextDouble());
}
