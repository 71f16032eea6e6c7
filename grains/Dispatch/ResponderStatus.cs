namespace GridDispatch.Grains.Dispatch;

/// <summary>Where a responder is in the day: 休息 / 待命 / 已派单 / 赶往现场 / 到场.</summary>
[GenerateSerializer]
public enum ResponderStatus { OffDuty, Available, Assigned, EnRoute, OnSite }
