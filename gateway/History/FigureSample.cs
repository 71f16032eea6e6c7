namespace GridDispatch.Gateway.History;

/// <summary>
/// A township's (<see cref="Village"/> empty) or a village's figures at one minute, as the roll-up had them.
/// <see cref="County"/> is carried so a county's report sums its townships without a join.
/// </summary>
public sealed record FigureSample(
    string Township, string Village, string County, DateTimeOffset At,
    int LampsTotal, int Lit, int Faulty, int Offline, int OpenIncidents);

/// <summary>A chart's point: per minute the sample itself, per hour the hour's means.</summary>
public sealed record FigurePoint(DateTimeOffset At, double LampsTotal, double Lit, double Faulty, double Offline, double OpenIncidents);

public enum HistoryResolution { Minute, Hour }
