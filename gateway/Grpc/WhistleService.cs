using Grpc.Core;
using GridDispatch.Gateway.Grpc.V1;
using GridDispatch.Gateway.Whistles;
using GridDispatch.Grains.Incidents;

namespace GridDispatch.Gateway.Grpc;

/// <summary>
/// <c>Whistle.Blow</c>: a grid leader's 吹哨 (with a scene photo if taken), only for cells they lead; the reporter is the caller. Another whistle
/// under a used id is ALREADY_EXISTS; too many new whistles, RESOURCE_EXHAUSTED (with a retry-after-seconds trailer).
/// </summary>
public sealed class WhistleService(GrpcCaller caller, WhistleIntake whistles, IGrainFactory grains, TimeProvider time) : V1.Whistle.WhistleBase
{
    private static readonly string[] PhotoTypes = ["image/jpeg", "image/png", "image/webp"];

    public override async Task<BlowReply> Blow(BlowRequest request, ServerCallContext context)
    {
        var who = await caller.IdentifyAsync(context);
        if (!who.MayWhistle(request.Township, request.CellId)) throw GrpcCaller.Denied($"{who.Name} may not whistle for {request.Township}/{request.CellId}");
        // A bad photo refuses the whole whistle, as over HTTP: the leader learns of it while still there to take another.
        var photos = (request.Photo is { } first ? [first] : Array.Empty<V1.Photo>()).Concat(request.Photos).ToList();
        if (photos.Count > IncidentPhotoGrain.MaxPerKind) throw GrpcCaller.Invalid($"at most {IncidentPhotoGrain.MaxPerKind} photos");
        if (photos.Any(p => !PhotoTypes.Contains(p.ContentType) || p.Data.Length is 0 or > IncidentPhotoGrain.MaxBytes))
            throw GrpcCaller.Invalid("photo must be a JPEG, PNG or WebP image of at most 1 MB");
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

        // Saved before the answer, like the whistle; a re-sent whistle keeps the first one's photos.
        if (photos.Count > 0)
            await grains.GetGrain<IIncidentPhotoGrain>(incident.Id).Attach(PhotoKind.Whistle,
                [.. photos.Select(p => new IncidentPhoto(p.ContentType, p.Data.ToByteArray(), who.Name, time.GetUtcNow()))]);
        return new BlowReply { IncidentId = incident.Id, Status = incident.Status.ToString(), Duplicate = outcome.Duplicate, Number = incident.Number ?? "" };
    }
}
