using System.Diagnostics.Metrics;
using GridDispatch.Grains.Dispatch;

namespace GridDispatch.Gateway.Handhelds;

/// <summary>
/// A responder's position report (赶往现场), however it arrives (HTTP, gRPC): passed to the responder, which takes
/// at most one per <see cref="HandheldOptions.PositionInterval"/>; every report is counted by outcome
/// (<c>griddispatch_handheld_positions_total{outcome}</c>), so a phone reporting too often shows up as drops.
/// </summary>
public static class PositionReports
{
    private static readonly Meter Meter = new("GridDispatch.Handhelds");
    private static readonly Counter<long> Reports = Meter.CreateCounter<long>("griddispatch.handheld.positions", "{report}",
        "Responder position reports by outcome: taken, too_soon (over the rate), off_duty, invalid, not_found");

    public static async Task<ResponderAnswer> ReportAsync(IResponderGrain responder, double lat, double lon)
    {
        var answer = await responder.ReportPosition(lat, lon);
        Reports.Add(1, new KeyValuePair<string, object?>("outcome", Outcome(answer.Refusal)));
        return answer;
    }

    private static string Outcome(ResponderRefusal refusal) => refusal switch
    {
        ResponderRefusal.None => "taken",
        ResponderRefusal.TooSoon => "too_soon",
        ResponderRefusal.OffDuty => "off_duty",
        ResponderRefusal.InvalidArgument => "invalid",
        _ => "not_found",
    };
}
