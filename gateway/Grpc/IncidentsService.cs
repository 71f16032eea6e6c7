using Grpc.Core;
using GridDispatch.Gateway.Grpc.V1;
using GridDispatch.Grains.Incidents;

using GridDispatch.Grains.Accounts;

namespace GridDispatch.Gateway.Grpc;

/// <summary><c>Incidents</c>: read and follow an incident the caller may see (its cells, or its work orders).</summary>
public sealed class IncidentsService(GrpcCaller caller, IGrainFactory grains, LiveFeeds feeds) : V1.Incidents.IncidentsBase
{
    public override async Task<Incident> Get(GetIncidentRequest request, ServerCallContext context) =>
        GrpcMapping.ToMessage((await Visible(request.Id, context)).Incident);

    public override async Task Watch(GetIncidentRequest request, IServerStreamWriter<IncidentEvent> stream, ServerCallContext context)
    {
        var (who, _) = await Visible(request.Id, context);
        using var live = caller.Hold(who, context);
        using var feed = feeds.Subscribe(LiveFeeds.ForIncident(request.Id));
        var now = await grains.GetGrain<IIncidentGrain>(request.Id).Get();
        await stream.WriteAsync(new IncidentEvent { Incident = GrpcMapping.ToMessage(now!) }, live.Cancellation);
        // Ends by itself once the incident is closed or cancelled, or within seconds of the token being revoked.
        await feed.PumpAsync(stream, e => e is IncidentChanged changed ? new IncidentEvent { Incident = GrpcMapping.ToMessage(changed.Incident) } : null,
            isLast: m => Enum.Parse<IncidentStatus>(m.Incident.Status).IsFinal(), live.Cancellation);
        live.ThrowIfRevoked();
    }

    private async Task<(Identity.Caller Who, IncidentSnapshot Incident)> Visible(string id, ServerCallContext context)
    {
        var who = await caller.IdentifyAsync(context);
        if (string.IsNullOrEmpty(id) || id.Length > 200 || await grains.GetGrain<IIncidentGrain>(id).Get() is not { } incident)
            throw GrpcCaller.NotFound($"incident {id}");
        var visible = who.Role == AccountRole.Responder ? who.WorksOn(incident) : who.MaySee(incident.Report.Township, incident.Report.Cell);
        return visible ? (who, incident) : throw GrpcCaller.Denied($"{who.Name} may not see incident {id}");
    }
}
