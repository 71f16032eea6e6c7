namespace GridDispatch.Silo.Hosting;

/// <summary>
/// The management listener: metrics, the Orleans Dashboard, the installation record, the OpenAPI document and
/// detailed readiness are served only here, never on <c>Urls</c> or the gRPC port. Loopback by default, so
/// they reach only someone already on the host (or a Prometheus scraper the operator points at it).
/// Section <c>Management</c>.
/// </summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>Semicolon-separated http:// URLs; empty turns the operator surfaces off.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5082";

    /// <summary>
    /// Serves the Orleans Dashboard at <c>/orleans/</c> (a silo only). Off unless asked for: while it runs, it reads
    /// Orleans' instruments every second, one of which walks every activation under the catalog's lock
    /// (docs/BENCHMARKS.md: what that costs a silo holding 100,000 lamps and more).
    /// </summary>
    public bool OrleansDashboard { get; set; }
}
