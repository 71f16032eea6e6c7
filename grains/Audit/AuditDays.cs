namespace GridDispatch.Grains.Audit;

/// <summary>The audit log is kept per township per day (Beijing time, the day operators speak of): the grain keys.</summary>
public static class AuditDays
{
    /// <summary>The "township" of what concerns the whole county (a county login, a county account).</summary>
    public const string County = "*";

    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);

    public static string Key(string township, DateOnly day) => $"{township}/{day:yyyyMMdd}";

    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/>, newest first.</summary>
    public static IEnumerable<DateOnly> Between(DateTimeOffset from, DateTimeOffset to)
    {
        for (var day = DayOf(to); day >= DayOf(from); day = day.AddDays(-1)) yield return day;
    }
}
