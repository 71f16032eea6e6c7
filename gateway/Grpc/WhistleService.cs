using Grpc.Core;
using GridDispatch.Gateway.Grpc.V1;
using GridDispatch.Grains.Incidents;

namespace GridDispatch.Gateway.Grpc;

/// <summary><c>Whistle.Blow</c>: a grid leader's 吹哨, only for cells they lead.</summary>
public sealed class WhistleService(GrpcCaller caller, IGrainFactory grains, TimeProvider time) : V1.Whistle.WhistleBase
{
    public override async Task<BlowReply> Blow(BlowRequest request, ServerCallContext context)
    {
        var who = await caller.IdentifyAsync(context);
        if (!who.MayWhistle(request.Township, request.CellId)) throw GrpcCaller.Denied($"{who.Id} may not whistle for {request.Township}/{request.CellId}");
        if (!IncidentIds.IsValidSourceId(request.WhistleId)) throw GrpcCaller.Invalid("whistle_id must be 1-64 of A-Z a-z 0-9 - _ .");
        if (!Enum.TryParse<IncidentSeverity>(request.Severity, ignoreCase: true, out var severity) || !Enum.IsDefined(severity))
            throw GrpcCaller.Invalid("severity must be micro, minor, major or emergency");

        var incident = grains.GetGrain<IIncidentGrain>(IncidentIds.For(request.Township, IncidentSource.Whistle, request.WhistleId));
        var duplicate = await incident.Get() is not null;
        var result = await incident.Open(new IncidentReport
        {
            Township = request.Township, Source = IncidentSource.Whistle, SourceId = request.WhistleId, Category = request.Category,
            Severity = severity, Cell = request.CellId, Text = request.Text, Lat = request.HasLat ? request.Lat : null, Lon = request.HasLon ? request.Lon : null,
            ReportedBy = string.IsNullOrEmpty(request.By) ? who.Id : request.By,
            ReportedAt = request.Ts > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(request.Ts) : time.GetUtcNow(),
        });
        var reply = GrpcMapping.Reply(result).Incident;
        return new BlowReply { IncidentId = reply.Id, Status = reply.Status, Duplicate = duplicate };
    }
}
