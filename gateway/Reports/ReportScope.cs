namespace GridDispatch.Gateway.Reports;

public enum ReportLevel { County, Township, Village }

/// <summary>
/// Whom a report covers: a county (all its townships), a township, or one village of a township.
/// <see cref="Key"/> names it in a stored ranking.
/// </summary>
public sealed record ReportScope(ReportLevel Level, string Id, string? Township = null)
{
    public static ReportScope County(string county) => new(ReportLevel.County, county);

    public static ReportScope OfTownship(string township) => new(ReportLevel.Township, township);

    public static ReportScope Village(string township, string village) => new(ReportLevel.Village, village, township);

    public string Key => Level switch
    {
        ReportLevel.County => $"county:{Id}",
        ReportLevel.Township => $"township:{Id}",
        _ => $"village:{Township}/{Id}",
    };
}
