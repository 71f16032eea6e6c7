namespace GridDispatch.Grains.Incidents;

[GenerateSerializer]
public enum TimelineKind
{
    Reported, Triaged, Dispatched, Declined, AcknowledgeTimedOut, NoResponder, Acknowledged, Arrived, Resolved,
    Closed, Reopened, Escalated, DeadlineMissed, Cancelled, LampAdded, LampRestored,
    // The command centre's hand (研判, 分办, 协办, 督办, 回访): see IncidentCase's command rules.
    Retriaged, LevelChanged, MergedInto, DuplicateMerged, FollowedMaster, Assigned, Withdrawn,
    CoHandlerAdded, CoHandlerAcknowledged, CoHandlerArrived, CoHandlerDone, CoHandlerDeclined, Urged, CalledBack,
}

/// <summary>One immutable, time-stamped step in an incident's history (事件时间线).</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Incidents.TimelineEntry")]
public sealed record TimelineEntry
{
    [Id(0)] public required DateTimeOffset At { get; init; }
    [Id(1)] public required TimelineKind Kind { get; init; }
    /// <summary>Who did it: a person or responder id, or "system".</summary>
    [Id(2)] public required string By { get; init; }
    [Id(3)] public string? Text { get; init; }
    [Id(4)] public IncidentStatus Status { get; init; }
    [Id(5)] public Grid.CellLevel? Level { get; init; }
    [Id(6)] public string? ResponderId { get; init; }
}
