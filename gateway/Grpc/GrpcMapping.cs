using Grpc.Core;
using GridDispatch.Gateway.Grpc.V1;
using GridDispatch.Grains.Incidents;
using DomainIncident = GridDispatch.Grains.Incidents.IncidentSnapshot;

namespace GridDispatch.Gateway.Grpc;

/// <summary>Domain records to wire messages, and domain refusals to standard gRPC status codes.</summary>
public static class GrpcMapping
{
    public static Incident ToMessage(DomainIncident s)
    {
        var message = new Incident
        {
            Id = s.Id, Township = s.Report.Township, Status = s.Status.ToString(), Severity = s.Report.Severity.ToString(),
            Category = s.Report.Category, Cell = s.Report.Cell, Text = s.Report.Text, Level = s.Level.ToString(),
            ResponderId = s.ResponderId ?? "", RespondBy = Ms(s.RespondBy), ResolveBy = Ms(s.ResolveBy), DeadlinesMissed = s.DeadlinesMissed,
            Source = s.Report.Source.ToString(),
        };
        message.Timeline.AddRange(s.Timeline.Select(e => new V1.TimelineEntry
        {
            At = e.At.ToUnixTimeMilliseconds(), Kind = e.Kind.ToString(), By = e.By, Text = e.Text ?? "", Status = e.Status.ToString(),
        }));
        return message;
    }

    public static Assignment Offered(WorkOrder w)
    {
        var message = new Assignment
        {
            Kind = "offered", IncidentId = w.IncidentId, Township = w.Township, Title = w.Title, Category = w.Category,
            Severity = w.Severity.ToString(), Cell = w.Cell, OfferedAt = w.OfferedAt.ToUnixTimeMilliseconds(),
            AcknowledgeBy = w.AcknowledgeBy.ToUnixTimeMilliseconds(),
        };
        if (w.Lat is { } lat) message.Lat = lat;
        if (w.Lon is { } lon) message.Lon = lon;
        message.Lamps.AddRange(w.Lamps);
        return message;
    }

    public static Assignment Withdrawn(string incidentId, string reason) => new() { Kind = "withdrawn", IncidentId = incidentId, Reason = reason };

    /// <summary>督办: the command centre presses the responder on this work order.</summary>
    public static Assignment Urged(WorkOrderUrged u) => new()
    {
        Kind = "urged", IncidentId = u.IncidentId, Township = u.Township, UrgedBy = u.By, Note = u.Note ?? "", Urges = u.Count,
        UrgedAt = u.At.ToUnixTimeMilliseconds(),
    };

    /// <summary>The incident's answer, or the standard status code for its refusal.</summary>
    /// <summary>报到 called: <c>kind</c> "called", the township, the emergency's reason, and when (in <c>offered_at</c>).</summary>
    public static Assignment Called(Grains.Townships.ReportCalled c) => new()
    {
        Kind = "called", Township = c.Township, Reason = c.Reason ?? "", OfferedAt = c.At.ToUnixTimeMilliseconds(),
    };

    public static IncidentReply Reply(IncidentResult result) => result.Ok
        ? new IncidentReply { Incident = ToMessage(result.Incident!) }
        : throw new RpcException(new Status(result.Error switch
        {
            IncidentError.NotFound => StatusCode.NotFound,
            IncidentError.NotAssigned => StatusCode.PermissionDenied,
            IncidentError.InvalidArgument => StatusCode.InvalidArgument,
            _ => StatusCode.FailedPrecondition,
        }, result.Message ?? "refused"));

    private static long Ms(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds() ?? 0;
}
