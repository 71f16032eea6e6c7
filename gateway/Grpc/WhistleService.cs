using Grpc.Core;
using GridDispatch.Gateway.Grpc.V1;
using GridDispatch.Gateway.Whistles;

namespace GridDispatch.Gateway.Grpc;

/// <summary>
/// <c>Whistle.Blow</c>: a grid leader's 吹哨, only for cells they lead; the reporter is the caller. Another whistle
/// under a used id is ALREADY_EXISTS; too many new whistles, RESOURCE_EXHAUSTED (with a retry-after-seconds trailer).
/// </summary>
public sealed class WhistleService(GrpcCaller caller, WhistleIntake whistles) : V1.Whistle.WhistleBase
{
    public override async Task<BlowReply> Blow(BlowRequest request, ServerCallContext context)
    {
        var who = await caller.IdentifyAsync(context);
        if (!who.MayWhistle(request.Township, request.CellId)) throw GrpcCaller.Denied($"{who.Name} may not whistle for {request.Township}/{request.CellId}");
        var outcome = await whistles.BlowAsync(new WhistleInput(request.Township, request.CellId, request.WhistleId, request.By, request.Category,
            request.Severity, request.Text, request.HasLat ? request.Lat : null, request.HasLon ? request.Lon : null, request.Ts == 0 ? null : request.Ts), who.PersonId ?? who.Name);
        if (outcome.Incident is not { } incident)
        {
            if (outcome.RetryAfter is { } retry) context.ResponseTrailers.Add("retry-after-seconds", ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            throw outcome.Refusal switch
            {
                WhistleRefusal.Conflict => new RpcException(new Status(StatusCode.AlreadyExists, outcome.Problem!)),
                WhistleRefusal.TooMany => new RpcException(new Status(StatusCode.ResourceExhausted, outcome.Problem!)),
                _ => GrpcCaller.Invalid(outcome.Problem!),
            };
        }

        return new BlowReply { IncidentId = incident.Id, Status = incident.Status.ToString(), Duplicate = outcome.Duplicate, Number = incident.Number ?? "" };
    }
}
