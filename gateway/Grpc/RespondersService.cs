using Grpc.Core;
using GridDispatch.Gateway.Grpc.V1;
using GridDispatch.Gateway.Audit;
using GridDispatch.Gateway.Handhelds;
using GridDispatch.Grains.Dispatch;

namespace GridDispatch.Gateway.Grpc;

/// <summary>
/// <c>Responders</c>: a responder's live work orders, its 接单 / 拒单 / 到场 / 完成, its duty and its position, only for
/// itself (or, for the township's command centre, for one of its own). 拒单 and 上班/下班 are audited as over HTTP.
/// </summary>
public sealed class RespondersService(GrpcCaller caller, IGrainFactory grains, LiveFeeds feeds, AuditRecorder audit) : V1.Responders.RespondersBase
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
            Grains.Townships.ReportCalled c => GrpcMapping.Called(c),
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
        // 下班 by the older call keeps SetDuty's rule: not while work orders are held
        if (status == ResponderStatus.OffDuty) Answered(await responder.SetDuty(false), context);
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

    public override async Task<IncidentReply> Decline(V1.DeclineRequest request, ServerCallContext context)
    {
        var reason = request.Reason.Trim();
        if (reason.Length is 0 or > 200) throw GrpcCaller.Invalid("reason is required (at most 200 characters)");
        var requestId = request.RequestId.Length == 0 ? null : request.RequestId;
        if (HandheldRequestIds.Problem(requestId) is { } bad) throw GrpcCaller.Invalid(bad);
        var (who, responder) = await Responder(request.ResponderId, context);
        var reply = GrpcMapping.Reply(await responder.Decline(request.IncidentId, reason));
        await audit.RecordAsync(who, reply.Incident.Township, "incident.decline", request.IncidentId, reason, $"{request.ResponderId} 拒单",
            HandheldRequestIds.AuditId(request.ResponderId, "decline", requestId));
        return reply;
    }

    public override async Task<ResponderReply> SetDuty(SetDutyRequest request, ServerCallContext context)
    {
        var requestId = request.RequestId.Length == 0 ? null : request.RequestId;
        if (HandheldRequestIds.Problem(requestId) is { } bad) throw GrpcCaller.Invalid(bad);
        var (who, responder) = await Responder(request.ResponderId, context);
        var snapshot = Answered(await responder.SetDuty(request.OnDuty), context);
        await audit.RecordAsync(who, snapshot.Profile.Township, "responder.duty", request.ResponderId, null, request.OnDuty ? "上班" : "下班",
            HandheldRequestIds.AuditId(request.ResponderId, "duty", requestId));
        return Reply(snapshot);
    }

    public override async Task<ResponderReply> ReportPosition(PositionRequest request, ServerCallContext context)
    {
        var (_, responder) = await Responder(request.ResponderId, context);
        return Reply(Answered(await PositionReports.ReportAsync(responder, request.Lat, request.Lon), context));
    }

    private static ResponderReply Reply(ResponderSnapshot r)
    {
        var reply = new ResponderReply { ResponderId = r.Card.Id, Status = r.Card.Status.ToString(), Load = r.Card.Load };
        if (r.Card.Lat is { } lat && r.Card.Lon is { } lon) (reply.Lat, reply.Lon) = (lat, lon);
        return reply;
    }

    /// <summary>The responder after a duty switch or position report, or the refusal as a standard status code.</summary>
    private static ResponderSnapshot Answered(ResponderAnswer answer, ServerCallContext context)
    {
        if (answer.Responder is { } responder) return responder;
        if (answer.RetryAfter is { } wait)
            context.ResponseTrailers.Add("retry-after-seconds", Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        throw answer.Refusal switch
        {
            ResponderRefusal.NotFound => GrpcCaller.NotFound(answer.Message ?? "responder"),
            ResponderRefusal.InvalidArgument => GrpcCaller.Invalid(answer.Message ?? "invalid"),
            ResponderRefusal.TooSoon => new RpcException(new Status(StatusCode.ResourceExhausted, answer.Message ?? "too soon")),
            _ => new RpcException(new Status(StatusCode.FailedPrecondition, answer.Message ?? "not possible now")),
        };
    }

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
