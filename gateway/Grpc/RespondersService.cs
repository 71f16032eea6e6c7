using Grpc.Core;
using GridDispatch.Gateway.Grpc.V1;
using GridDispatch.Grains.Dispatch;

namespace GridDispatch.Gateway.Grpc;

/// <summary><c>Responders</c>: a responder's live work orders and its 接单 / 到场 / 完成, only for itself.</summary>
public sealed class RespondersService(GrpcCaller caller, IGrainFactory grains, LiveFeeds feeds) : V1.Responders.RespondersBase
{
    public override async Task Subscribe(SubscribeRequest request, IServerStreamWriter<Assignment> stream, ServerCallContext context)
    {
        var (who, responder) = await Responder(request.ResponderId, context);
        // Ends within seconds of the token being revoked, not only when the handheld hangs up.
        using var live = caller.Hold(who, context);
        // Subscribe before reading the snapshot, so nothing offered in between is missed (at worst sent twice).
        using var feed = feeds.Subscribe(LiveFeeds.ForResponder(request.ResponderId));
        var snapshot = await responder.GetSnapshot() ?? throw GrpcCaller.NotFound($"responder {request.ResponderId}");
        foreach (var workOrder in snapshot.WorkOrders) await stream.WriteAsync(GrpcMapping.Offered(workOrder), live.Cancellation);
        await feed.PumpAsync(stream, e => e switch
        {
            WorkOrderOffered o => GrpcMapping.Offered(o.WorkOrder),
            WorkOrderWithdrawn w => GrpcMapping.Withdrawn(w.IncidentId, w.Reason),
            Grains.Incidents.WorkOrderUrged u => GrpcMapping.Urged(u),
            _ => null,
        }, isLast: _ => false, live.Cancellation);
        live.ThrowIfRevoked();
    }

    public override async Task<ResponderReply> UpdateStatus(UpdateStatusRequest request, ServerCallContext context)
    {
        var (_, responder) = await Responder(request.ResponderId, context);
        if (!Enum.TryParse<ResponderStatus>(request.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status))
            throw GrpcCaller.Invalid($"status must be one of {string.Join(", ", Enum.GetNames<ResponderStatus>())}");
        if (request.HasLat && request.Lat is < -90 or > 90 || request.HasLon && request.Lon is < -180 or > 180) throw GrpcCaller.Invalid("position out of range");
        var snapshot = await responder.SetStatus(status, request.HasLat ? request.Lat : null, request.HasLon ? request.Lon : null)
                       ?? throw GrpcCaller.NotFound($"responder {request.ResponderId}");
        return new ResponderReply { ResponderId = request.ResponderId, Status = snapshot.Card.Status.ToString(), Load = snapshot.Card.Load };
    }

    public override async Task<IncidentReply> Acknowledge(WorkOrderRequest request, ServerCallContext context) =>
        GrpcMapping.Reply(await (await Responder(request.ResponderId, context)).Grain.Acknowledge(request.IncidentId));

    public override async Task<IncidentReply> Arrive(WorkOrderRequest request, ServerCallContext context) =>
        GrpcMapping.Reply(await (await Responder(request.ResponderId, context)).Grain.Arrive(request.IncidentId));

    public override async Task<IncidentReply> Resolve(ResolveRequest request, ServerCallContext context) =>
        GrpcMapping.Reply(await (await Responder(request.ResponderId, context)).Grain.Resolve(request.IncidentId, request.Note));

    /// <summary>The caller, and the responder they may act as: themselves, or one of their own township's for its command centre.</summary>
    private async Task<(Identity.Caller Who, IResponderGrain Grain)> Responder(string responderId, ServerCallContext context)
    {
        var who = await caller.IdentifyAsync(context);
        if (string.IsNullOrEmpty(responderId) || responderId.Length > 128) throw GrpcCaller.Invalid("responder_id is required");
        if (!who.MayActAsResponder(responderId)) throw GrpcCaller.Denied($"{who.Name} may not act as {responderId}");
        var grain = grains.GetGrain<IResponderGrain>(responderId);
        if (await grain.GetSnapshot() is not { } responder) throw GrpcCaller.NotFound($"responder {responderId}");
        if (!who.MaySee(responder.Profile.Township)) throw GrpcCaller.Denied($"{who.Name} may not act as {responderId} of {responder.Profile.Township}");
        return (who, grain);
    }
}
