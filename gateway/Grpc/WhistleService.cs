using Grpc.Core;
using GridDispatch.Gateway.Grpc.V1;
using GridDispatch.Gateway.Whistles;

namespace GridDispatch.Gateway.Grpc;

/// <summary><c>Whistle.Blow</c>: a grid leader's 吹哨, only for cells they lead.</summary>
public sealed class WhistleService(GrpcCaller caller, WhistleIntake whistles) : V1.Whistle.WhistleBase
{
    public override async Task<BlowReply> Blow(BlowRequest request, ServerCallContext context)
    {
        var who = await caller.IdentifyAsync(context);
        if (!who.MayWhistle(request.Township, request.CellId)) throw GrpcCaller.Denied($"{who.Name} may not whistle for {request.Township}/{request.CellId}");
        var outcome = await whistles.BlowAsync(new WhistleInput(request.Township, request.CellId, request.WhistleId, request.By, request.Category,
            request.Severity, request.Text, request.HasLat ? request.Lat : null, request.HasLon ? request.Lon : null, request.Ts), who.PersonId ?? who.Name);
        if (outcome.Incident is not { } incident) throw GrpcCaller.Invalid(outcome.Problem!);
        return new BlowReply { IncidentId = incident.Id, Status = incident.Status.ToString(), Duplicate = outcome.Duplicate };
    }
}
