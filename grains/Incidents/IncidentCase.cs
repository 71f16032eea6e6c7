using GridDispatch.Grains.Grid;

namespace GridDispatch.Grains.Incidents;

/// <summary>
/// An incident's state and the rules of its lifecycle, free of Orleans so they can be tested alone.
/// Every change appends an immutable timeline entry; a refusal (<see cref="IncidentRefusal"/>) changes nothing.
/// </summary>
[GenerateSerializer, Alias("GridDispatch.Incidents.IncidentCase")]
public sealed partial class IncidentCase
{
    [Id(0)] public IncidentReport? Report { get; set; }
    [Id(1)] public IncidentStatus Status { get; set; }
    [Id(2)] public CellLevel Level { get; set; }
    [Id(3)] public List<TimelineEntry> Timeline { get; set; } = [];
    [Id(4)] public string? ResponderId { get; set; }
    [Id(5)] public DateTimeOffset? OfferedAt { get; set; }
    [Id(6)] public HashSet<string> Tried { get; set; } = [];
    [Id(7)] public DateTimeOffset? RespondBy { get; set; }
    [Id(8)] public DateTimeOffset? ResolveBy { get; set; }
    [Id(9)] public int DeadlinesMissed { get; set; }
    [Id(10)] public int? Satisfaction { get; set; }
    [Id(11)] public List<string> Lamps { get; set; } = [];
    [Id(12)] public HashSet<string> RestoredLamps { get; set; } = [];
    [Id(13)] public List<string> CellPath { get; set; } = [];
    [Id(14)] public IncidentSeverity Severity { get; set; }
    /// <summary>Whether the review reminder is registered.</summary>
    [Id(15)] public bool Reviewing { get; set; }
    /// <summary>受理编号, e.g. 益门-1129-0012 (<see cref="ReceiptNumbers"/>); null for incidents opened before numbers were issued.</summary>
    [Id(16)] public string? Number { get; set; }
    /// <summary>协办 parts by responder id (see IncidentCaseCommands).</summary>
    [Id(17)] public Dictionary<string, CoHandlingPart> CoHandlers { get; set; } = [];
    /// <summary>The master this duplicate was merged into (并案); its outcome becomes this one's.</summary>
    [Id(18)] public string? MergedInto { get; set; }
    [Id(19)] public List<DuplicateReport> Duplicates { get; set; } = [];
    /// <summary>督办: how many times the command centre urged the holders.</summary>
    [Id(20)] public int Urges { get; set; }
    [Id(21)] public CallBack? LastCallBack { get; set; }

    public bool Exists => Report is not null;

    /// <summary>
    /// The incident's version (its ETag): every change appends exactly one or more timeline entries and a
    /// refusal appends none, so the timeline's length changes with every change and only then.
    /// </summary>
    public int Version => Timeline.Count;

    public void Open(IncidentReport report, CellLevel reportedAt, IReadOnlyList<string> cellPath, IncidentPolicy policy, DateTimeOffset now)
    {
        Report = report;
        Severity = report.Severity;
        CellPath = [.. cellPath];
        Lamps = [.. report.Lamps];
        Append(TimelineKind.Reported, report.ReportedBy, now, report.Text);
        Level = IncidentPolicy.HomeLevel(report.Severity, reportedAt);
        SetDeadlines(policy, now, respond: true);
        Status = IncidentStatus.Triaged;
        Append(TimelineKind.Triaged, "system", now, $"{report.Severity} → {Level}", Level);
    }

    public IncidentRefusal? Dispatch(string responderId, DateTimeOffset now)
    {
        if (Status != IncidentStatus.Triaged) return IncidentRefusal.WrongState($"cannot dispatch while {Status}");
        ResponderId = responderId;
        OfferedAt = now;
        Status = IncidentStatus.Dispatched;
        Append(TimelineKind.Dispatched, "system", now, responder: responderId);
        return null;
    }

    /// <summary>The responder said no, or did not answer in time: back to triage, never offered to them again.</summary>
    public IncidentRefusal? Withdraw(string responderId, TimelineKind why, string? reason, DateTimeOffset now)
    {
        if (Status != IncidentStatus.Dispatched || ResponderId != responderId) return IncidentRefusal.NotTheirs(responderId);
        Tried.Add(responderId);
        ResponderId = null;
        OfferedAt = null;
        Status = IncidentStatus.Triaged;
        Append(why, responderId, now, reason, responder: responderId);
        return null;
    }

    public IncidentRefusal? Acknowledge(string responderId, DateTimeOffset now) =>
        Step(IncidentStatus.Dispatched, IncidentStatus.Acknowledged, TimelineKind.Acknowledged, responderId, now, null);

    public IncidentRefusal? Arrive(string responderId, DateTimeOffset now) =>
        Step(IncidentStatus.Acknowledged, IncidentStatus.OnSite, TimelineKind.Arrived, responderId, now, null);

    /// <summary>The assigned responder finishes the work, or the command centre (or the lamps themselves) say it is over.</summary>
    public IncidentRefusal? Resolve(string by, bool onBehalf, string? note, DateTimeOffset now)
    {
        if (!Status.IsOpen()) return IncidentRefusal.WrongState($"cannot resolve while {Status}");
        if (!onBehalf && (ResponderId != by || Status is not (IncidentStatus.Acknowledged or IncidentStatus.OnSite))) return IncidentRefusal.NotTheirs(by);
        Status = IncidentStatus.Resolved;
        RespondBy = ResolveBy = null;
        Append(TimelineKind.Resolved, by, now, note, responder: ResponderId);
        return null;
    }

    /// <summary>销号, with the reporter's 满意度 (1–5).</summary>
    public IncidentRefusal? Close(string by, int satisfaction, DateTimeOffset now)
    {
        if (Status != IncidentStatus.Resolved) return IncidentRefusal.WrongState($"cannot close while {Status}");
        if (satisfaction is < 1 or > 5) return new IncidentRefusal(IncidentError.InvalidArgument, "satisfaction must be 1 to 5");
        Satisfaction = satisfaction;
        Status = IncidentStatus.Closed;
        Append(TimelineKind.Closed, by, now, $"满意度 {satisfaction}");
        return null;
    }

    public IncidentRefusal? Reopen(string by, string reason, IncidentPolicy policy, DateTimeOffset now)
    {
        if (Status is not (IncidentStatus.Resolved or IncidentStatus.Closed)) return IncidentRefusal.WrongState($"cannot reopen while {Status}");
        if (MergedInto is not null) return IncidentRefusal.WrongState($"merged into {MergedInto}: reopen that one");
        Status = IncidentStatus.Triaged;
        ResponderId = null;
        Satisfaction = null;
        LastCallBack = null;
        SetDeadlines(policy, now, respond: true);
        Append(TimelineKind.Reopened, by, now, reason);
        return null;
    }

    public IncidentRefusal? Cancel(string by, string reason, DateTimeOffset now)
    {
        if (Status.IsFinal()) return IncidentRefusal.WrongState($"cannot cancel while {Status}");
        Status = IncidentStatus.Cancelled;
        RespondBy = ResolveBy = null;
        Append(TimelineKind.Cancelled, by, now, reason);
        return null;
    }

    /// <summary>
    /// A missed deadline climbs one rung and gives the next level a fresh window. At the county,
    /// the miss is recorded once and the deadline dropped. Returns the level escalated to, if any.
    /// </summary>
    public CellLevel? ReviewDeadlines(IncidentPolicy policy, DateTimeOffset now)
    {
        var missed = RespondBy < now && Status is IncidentStatus.Triaged or IncidentStatus.Dispatched ? "响应"
            : ResolveBy < now && Status.IsOpen() ? "办结"
            : null;
        if (missed is null) return null;

        DeadlinesMissed++;
        Append(TimelineKind.DeadlineMissed, "system", now, $"{missed}时限已过", Level);
        if (Level == CellLevel.County)
        {
            RespondBy = ResolveBy = null;
            return null;
        }

        Level = IncidentPolicy.Above(Level);
        SetDeadlines(policy, now, respond: Status is IncidentStatus.Triaged or IncidentStatus.Dispatched);
        Append(TimelineKind.Escalated, "system", now, $"升级至{Level}", Level);
        return Level;
    }

    /// <summary>Adds a faulty lamp, or marks a restored one faulty again; false if nothing changed.</summary>
    public bool AddLamp(string lampId, DateTimeOffset now)
    {
        if (!Status.IsOpen()) return false;
        if (Lamps.Contains(lampId) && !RestoredLamps.Remove(lampId)) return false;
        if (!Lamps.Contains(lampId)) Lamps.Add(lampId);
        Append(TimelineKind.LampAdded, "system", now, lampId);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="responderId"/> asking for <paramref name="step"/> again is a retry of what
    /// already happened (its first answer was lost to a crash): then it is answered as done, not refused.
    /// </summary>
    public bool AlreadyDid(string responderId, TimelineKind step) => IsCoHandler(responderId) ? CoHandlers[responderId].Status switch
    {
        PartStatus.Acknowledged => step == TimelineKind.Acknowledged,
        PartStatus.OnSite => step == TimelineKind.Arrived,
        PartStatus.Done => step == TimelineKind.Resolved,
        PartStatus.Declined => step == TimelineKind.Declined,
        _ => false,
    } : step switch
    {
        TimelineKind.Acknowledged => Status == IncidentStatus.Acknowledged && ResponderId == responderId,
        TimelineKind.Arrived => Status == IncidentStatus.OnSite && ResponderId == responderId,
        TimelineKind.Resolved => Status is IncidentStatus.Resolved or IncidentStatus.Closed
            && Timeline.LastOrDefault(e => e.Kind == TimelineKind.Resolved)?.By == responderId,
        TimelineKind.Declined => ResponderId != responderId && Timeline.LastOrDefault(e => e.ResponderId == responderId)?.Kind == TimelineKind.Declined,
        _ => false,
    };

    /// <summary>A lamp's fault cleared; true when every lamp of the work order is restored.</summary>
    public bool RestoreLamp(string lampId, DateTimeOffset now)
    {
        if (!Lamps.Contains(lampId) || !RestoredLamps.Add(lampId)) return false;
        Append(TimelineKind.LampRestored, "system", now, lampId);
        return RestoredLamps.Count == Lamps.Count;
    }

    private IncidentRefusal? Step(IncidentStatus from, IncidentStatus to, TimelineKind kind, string responderId, DateTimeOffset now, string? text)
    {
        if (ResponderId != responderId) return IncidentRefusal.NotTheirs(responderId);
        if (Status != from) return IncidentRefusal.WrongState($"cannot go from {Status} to {to}");
        Status = to;
        if (to == IncidentStatus.Acknowledged) RespondBy = null;
        Append(kind, responderId, now, text, responder: responderId);
        return null;
    }

    private void SetDeadlines(IncidentPolicy policy, DateTimeOffset now, bool respond)
    {
        var deadlines = policy.For(Severity);
        RespondBy = respond ? now + deadlines.Respond : null;
        ResolveBy = now + deadlines.Resolve;
    }

    private void Append(TimelineKind kind, string by, DateTimeOffset now, string? text = null, CellLevel? level = null, string? responder = null) =>
        Timeline.Add(new TimelineEntry { At = now, Kind = kind, By = by, Text = text, Status = Status, Level = level, ResponderId = responder });
}
