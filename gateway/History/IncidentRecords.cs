using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;

namespace GridDispatch.Gateway.History;

/// <summary>An incident's row, read off its snapshot's timeline (the first time each step happened).</summary>
public static class IncidentRecords
{
    /// <summary>Each step of the timeline (timelines only grow, so its index keys it) with the incident's place and kind, for playback.</summary>
    public static IEnumerable<IncidentStep> Steps(IncidentSnapshot incident) => incident.Timeline.Select((e, seq) => new IncidentStep(
        incident.Id, seq, incident.Report.Township, e.At, e.Kind.ToString(), e.Status.ToString(), incident.Report.Severity.ToString(),
        incident.Report.Category, incident.Report.Cell, incident.Report.Lat, incident.Report.Lon, e.ResponderId));

    public static IncidentRecord From(IncidentSnapshot incident, string? village)
    {
        var timeline = incident.Timeline;
        DateTimeOffset? First(TimelineKind kind) => timeline.FirstOrDefault(e => e.Kind == kind)?.At;
        var county = incident.CellPath.LastOrDefault(k => k.StartsWith("county/", StringComparison.Ordinal)) is { } key ? CellKeys.Split(key).CellId : "";
        return new IncidentRecord
        {
            Id = incident.Id,
            Township = incident.Report.Township,
            County = county,
            Village = village ?? CellKeys.VillageOn(incident.CellPath, incident.Report.Township) ?? "",
            Cell = incident.Report.Cell,
            Number = incident.Number,
            Source = incident.Report.Source.ToString(),
            Category = incident.Report.Category,
            Severity = incident.Report.Severity.ToString(),
            Status = incident.Status.ToString(),
            ReportedAt = incident.Report.ReportedAt,
            DispatchedAt = First(TimelineKind.Dispatched),
            AcknowledgedAt = First(TimelineKind.Acknowledged),
            OnSiteAt = First(TimelineKind.Arrived),
            ResolvedAt = First(TimelineKind.Resolved),
            ClosedAt = First(TimelineKind.Closed),
            CancelledAt = First(TimelineKind.Cancelled),
            RespondBy = incident.RespondBy,
            ResolveBy = incident.ResolveBy,
            Escalations = timeline.Count(e => e.Kind == TimelineKind.Escalated),
            Level = incident.Level.ToString(),
            DeadlinesMissed = incident.DeadlinesMissed,
            Satisfaction = incident.Satisfaction,
            FaultCode = FaultCodeOf(incident.Report),
            Responders = Turns(timeline),
            UpdatedAt = timeline.Count > 0 ? timeline[^1].At : incident.Report.ReportedAt,
        };
    }

    /// <summary>A lamp's work order is opened from its first alarm, whose id is <c>{lamp}:{code}:{sequence}</c>.</summary>
    private static string? FaultCodeOf(IncidentReport report)
    {
        if (report.Source is not (IncidentSource.LampAlarm or IncidentSource.FeederOutage)) return null;
        var parts = report.SourceId.Split(':');
        return parts.Length >= 3 ? parts[^2] : null;
    }

    private static List<ResponderTurn> Turns(IReadOnlyList<TimelineEntry> timeline)
    {
        var turns = new List<ResponderTurn>();
        foreach (var e in timeline)
        {
            if (e.ResponderId is not { } who) continue;
            var at = turns.FindIndex(t => t.ResponderId == who);
            if (at < 0)
            {
                if (e.Kind != TimelineKind.Dispatched) continue;
                turns.Add(new ResponderTurn(who, e.At, 0, 0, 0, null, null, null));
                at = turns.Count - 1;
            }

            var t = turns[at];
            turns[at] = e.Kind switch
            {
                TimelineKind.Dispatched => t with { Offers = t.Offers + 1 },
                TimelineKind.Declined => t with { Declined = t.Declined + 1 },
                TimelineKind.AcknowledgeTimedOut => t with { TimedOut = t.TimedOut + 1 },
                TimelineKind.Acknowledged => t with { AcknowledgedAt = t.AcknowledgedAt ?? e.At },
                TimelineKind.Arrived => t with { ArrivedAt = t.ArrivedAt ?? e.At },
                TimelineKind.Resolved => t with { ResolvedAt = t.ResolvedAt ?? e.At },
                _ => t,
            };
        }

        return turns;
    }
}
