using GridDispatch.Grains.Incidents;

namespace GridDispatch.Gateway.Whistles;

/// <summary>A whistle as any entry point receives it (MQTT, HTTP, gRPC): CONTRACTS.md's whistle fields plus where.</summary>
public sealed record WhistleInput(
    string Township, string CellId, string? WhistleId, string? By, string? Category, string? Severity, string? Text, double? Lat, double? Lon, long? Ts);

/// <summary>The incident the whistle opened (or had opened before), or why it was refused.</summary>
public sealed record WhistleOutcome(IncidentSnapshot? Incident, bool Duplicate, string? Problem);

/// <summary>
/// 吹哨, once for every entry point: validates what the caller could get wrong, then opens the
/// incident idempotently by whistle id (the same id twice is the same incident, marked duplicate).
/// Who may whistle where is the entry point's business; what a whistle is, is this one's.
/// </summary>
public sealed class WhistleIntake(IGrainFactory grains, TimeProvider time)
{
    public async Task<WhistleOutcome> BlowAsync(WhistleInput w, string caller)
    {
        if (!IncidentIds.IsValidSourceId(w.WhistleId)) return Refused("whistleId must be 1-64 of A-Z a-z 0-9 - _ .");
        if (!Enum.TryParse<IncidentSeverity>(w.Severity, ignoreCase: true, out var severity) || !Enum.IsDefined(severity))
            return Refused("severity must be micro, minor, major or emergency");

        var incident = grains.GetGrain<IIncidentGrain>(IncidentIds.For(w.Township, IncidentSource.Whistle, w.WhistleId!));
        var duplicate = await incident.Get() is not null;
        var result = await incident.Open(new IncidentReport
        {
            Township = w.Township, Source = IncidentSource.Whistle, SourceId = w.WhistleId!, Category = w.Category ?? "", Severity = severity,
            Cell = w.CellId, Text = w.Text ?? "", Lat = w.Lat, Lon = w.Lon, ReportedBy = string.IsNullOrEmpty(w.By) ? caller : w.By,
            ReportedAt = w.Ts is { } ts && ts > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(ts, 253402300799999)) : time.GetUtcNow(),
        });
        return result.Ok ? new WhistleOutcome(result.Incident, duplicate, null) : Refused(result.Message ?? "refused");
    }

    private static WhistleOutcome Refused(string problem) => new(null, false, problem);
}
