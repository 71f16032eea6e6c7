using System.Threading.RateLimiting;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Whistles;

/// <summary>
/// A whistle as any entry point receives it (MQTT, HTTP, gRPC): the whistle fields plus where. <c>By</c> is what the
/// payload claimed; it is ignored, the authenticated caller is the reporter.
/// </summary>
public sealed record WhistleInput(
    string Township, string CellId, string? WhistleId, string? By, string? Category, string? Severity, string? Text, double? Lat, double? Lon, long? Ts);

/// <summary>The incident the whistle opened (or had opened before), or why it was refused.</summary>
public sealed record WhistleOutcome(IncidentSnapshot? Incident, bool Duplicate, string? Problem, WhistleRefusal Refusal = WhistleRefusal.None, TimeSpan? RetryAfter = null)
{
    /// <summary>The MQTT drop reason (counted in <c>griddispatch_mqtt_dropped_total</c>).</summary>
    public string DropReason => Refusal switch { WhistleRefusal.TooMany => "rate_limited", WhistleRefusal.Conflict => "conflict", _ => "invalid" };
}

/// <summary>
/// 吹哨, once for every entry point: validates what the caller could get wrong, limits how fast one reporter opens
/// incidents, then opens the incident idempotently by whistle id. A whistle id belongs to the first whistle that used
/// it: the same whistle again (same cell, reporter and content) is the same incident, marked duplicate; anything else
/// under that id is a conflict and learns nothing of the incident. Who may whistle where is the entry point's business.
/// </summary>
public sealed class WhistleIntake : IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly PartitionedRateLimiter<string> _limiter;

    public WhistleIntake(IGrainFactory grains, TimeProvider time, IOptions<WhistleLimits> limits)
    {
        (_grains, _time) = (grains, time);
        var l = limits.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(reporter => RateLimitPartition.GetTokenBucketLimiter(reporter, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = l.Burst, TokensPerPeriod = l.PerMinute, ReplenishmentPeriod = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
        }));
    }

    /// <param name="reporter">The authenticated caller (person id, or account name): recorded as the reporter, whatever <c>By</c> says.</param>
    public async Task<WhistleOutcome> BlowAsync(WhistleInput w, string reporter)
    {
        if (!IncidentIds.IsValidSourceId(w.WhistleId)) return Refused("whistleId must be 1-64 of A-Z a-z 0-9 - _ .");
        if (!Enum.TryParse<IncidentSeverity>(w.Severity, ignoreCase: true, out var severity) || !Enum.IsDefined(severity))
            return Refused("severity must be micro, minor, major or emergency");
        if (PositionProblem(w.Lat, w.Lon) is { } where) return Refused(where);
        var now = _time.GetUtcNow();
        var reportedAt = now;
        if (w.Ts is { } ts)
        {
            // The bound telemetry has (TelemetryLimits): not before 2020, not further ahead than the clock skew allowed.
            if (ts < 0 || ts > 253402300799999) return Refused($"ts {ts} is not a time in milliseconds since 1970");
            reportedAt = DateTimeOffset.FromUnixTimeMilliseconds(ts);
            if (TelemetryLimits.Check(new LampTelemetry { Timestamp = reportedAt }, now) is { } problem) return Refused(problem.Replace("timestamp", "ts"));
        }

        var report = new IncidentReport
        {
            Township = w.Township, Source = IncidentSource.Whistle, SourceId = w.WhistleId!, Category = w.Category ?? "", Severity = severity,
            Cell = w.CellId, Text = w.Text ?? "", Lat = w.Lat, Lon = w.Lon, ReportedBy = reporter, ReportedAt = reportedAt,
        };
        var incident = _grains.GetGrain<IIncidentGrain>(IncidentIds.For(w.Township, IncidentSource.Whistle, w.WhistleId!));
        var existing = await incident.Get();
        if (existing is null)
        {
            using var lease = _limiter.AttemptAcquire(reporter);
            if (!lease.IsAcquired)
                return new(null, false, $"too many new whistles from {reporter}; try again later", WhistleRefusal.TooMany,
                    lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1));
        }

        var result = await incident.Open(report);
        if (!result.Ok) return Refused(result.Message ?? "refused");
        // Opened by us, or by an earlier whistle (also one racing us): the same whistle only if it says the same.
        return SameWhistle(result.Incident!.Report, report) ? new(result.Incident, existing is not null, null)
            : new(null, false, $"whistleId {w.WhistleId} is already used by another whistle", WhistleRefusal.Conflict);
    }

    /// <summary>The place is optional, but whole (both or neither) and on the globe (WGS-84 degrees).</summary>
    private static string? PositionProblem(double? lat, double? lon) =>
        lat.HasValue != lon.HasValue ? "lat and lon go together: both or neither"
        : lat is { } la && (!double.IsFinite(la) || la is < -90 or > 90) ? $"lat {la} is not between -90 and 90"
        : lon is { } lo && (!double.IsFinite(lo) || lo is < -180 or > 180) ? $"lon {lo} is not between -180 and 180"
        : null;

    private static bool SameWhistle(IncidentReport a, IncidentReport b) =>
        (a.Cell, a.ReportedBy, a.Category, a.Severity, a.Text, a.Lat, a.Lon) == (b.Cell, b.ReportedBy, b.Category, b.Severity, b.Text, b.Lat, b.Lon);

    private static WhistleOutcome Refused(string problem) => new(null, false, problem, WhistleRefusal.Invalid);

    public void Dispose() => _limiter.Dispose();
}
