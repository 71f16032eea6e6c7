namespace GridDispatch.Grains.Incidents;

/// <summary>
/// The seeds' loop 收集 → 研判 → 处置 → 反馈: reported, triaged (研判), dispatched (分办),
/// acknowledged (报到), on site, resolved, closed (销号), or cancelled; or merged (并案) into another
/// incident, whose outcome it then follows.
/// </summary>
[GenerateSerializer]
public enum IncidentStatus { Reported, Triaged, Dispatched, Acknowledged, OnSite, Resolved, Closed, Cancelled, Merged }

/// <summary>微事 / 小事 / 大事 / 急事: decides where an incident should be settled and how fast.</summary>
[GenerateSerializer]
public enum IncidentSeverity { Micro, Minor, Major, Emergency }

/// <summary>Where an incident came from.</summary>
[GenerateSerializer]
public enum IncidentSource { Whistle, LampAlarm, FeederOutage, Hotline }

public static class IncidentStatuses
{
    public static bool IsOpen(this IncidentStatus status) => status is not (IncidentStatus.Closed or IncidentStatus.Cancelled or IncidentStatus.Resolved or IncidentStatus.Merged);

    public static bool IsFinal(this IncidentStatus status) => status is IncidentStatus.Closed or IncidentStatus.Cancelled;
}
