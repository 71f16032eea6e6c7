using System.Diagnostics.Metrics;

namespace GridDispatch.Gateway.Audit;

/// <summary>The audit log's counters (meter <c>GridDispatch.Audit</c>).</summary>
internal static class AuditMetrics
{
    private static readonly Meter Meter = new("GridDispatch.Audit");

    public static readonly Counter<long> Recorded = Meter.CreateCounter<long>("griddispatch.audit.entries", "{entry}", "Audit lines written");

    public static readonly Counter<long> FailedLogins = Meter.CreateCounter<long>("griddispatch.audit.failed_logins", "{attempt}",
        "Failed logins seen by the audit log; written: a line of its own (true) or only counted into its minute's line (false)");

    public static readonly Counter<long> Failures = Meter.CreateCounter<long>("griddispatch.audit.failures", "{entry}", "Audit lines that could not be written");
}
