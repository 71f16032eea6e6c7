using Grpc.Core;
using GridDispatch.Gateway.Grpc.V1;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Incidents;

using GridDispatch.Grains.Accounts;

namespace GridDispatch.Gateway.Grpc;

/// <summary><c>Incidents</c>: read and follow an incident the caller may see (its cells, or its work orders).</summary>
public sealed class IncidentsService(GrpcCaller caller, IGrainFactory grains, LiveFeeds feeds) : V1.Incidents.IncidentsBase
{
    public override async Task<Incident> Get(GetIncidentRequest request, ServerCallContext context) =>
        GrpcMapping.ToMessage(await Visible(request.Id, context));

    public override async Task Watch(GetIncidentRequest request, IServerStreamWriter<IncidentEvent> stream, ServerCallContext context)
    {
        await Visible(request.Id, context);
        using var feed = feeds.Subscribe(LiveFeeds.ForIncident(request.Id));
        var now = await grains.GetGrain<IIncidentGrain>(request.Id).Get();
        await stream.WriteAsync(new IncidentEvent { Incident = GrpcMapping.ToMessage(now!) }, context.CancellationToken);
        // Ends by itself once the incident is closed or cancelled.
        await feed.PumpAsync(stream, e => e is IncidentChanged changed ? new IncidentEvent { Incident = GrpcMapping.ToMessage(changed.Incident) } : null,
            isLast: m => Enum.Parse<IncidentStatus>(m.Incident.Status).IsFinal(), context.CancellationToken);
    }

    private async Task<IncidentSnapshot> Visible(string id, ServerCallContext context)
    {
        var who = await caller.IdentifyAsync(context);
        if (string.IsNullOrEmpty(id) || id.Length > 200 || await grains.GetGrain<IIncidentGrain>(id).Get() is not { } incident)
            throw GrpcCaller.NotFound($"incident {id}");
        var visible = who.Role == AccountRole.Responder
            ? incident.ResponderId == who.PersonId || incident.Timeline.Any(e => e.ResponderId == who.PersonId)
            : who.MaySee(incident.Report.Township, incident.Report.Cell);
        return visible ? incident : throw GrpcCaller.Denied($"{who.Name} may not see incident {id}");
    }
}
