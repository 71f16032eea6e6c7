using System.Globalization;
using GridDispatch.Gateway.History;

namespace GridDispatch.Gateway.Reports;

public enum ReportPeriodKind { Month, Quarter, Custom }

/// <summary>
/// A report's period, in whole Beijing days: a month (<c>2026-11</c>), a quarter (<c>2026-Q4</c>) or a custom range
/// of dates, the last one included. <see cref="From"/>–<see cref="To"/> is half-open.
/// </summary>
public sealed record ReportPeriod(ReportPeriodKind Kind, string Key, string Name, DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>Longest custom range: a year and a day (a leap year).</summary>
    public const int MaxDays = 366;

    public static ReportPeriod Month(int year, int month)
    {
        var from = Midnight(new DateOnly(year, month, 1));
        return new(ReportPeriodKind.Month, $"{year:D4}-{month:D2}", $"{year}年{month}月", from, from.AddMonths(1));
    }

    public static ReportPeriod Quarter(int year, int quarter)
    {
        var from = Midnight(new DateOnly(year, quarter * 3 - 2, 1));
        return new(ReportPeriodKind.Quarter, $"{year:D4}-Q{quarter}", $"{year}年第{quarter}季度", from, from.AddMonths(3));
    }

    public static ReportPeriod Custom(DateOnly first, DateOnly last) =>
        new(ReportPeriodKind.Custom, $"{first:yyyy-MM-dd}_{last:yyyy-MM-dd}", $"{first:yyyy-MM-dd} 至 {last:yyyy-MM-dd}", Midnight(first), Midnight(last.AddDays(1)));

    /// <summary>Reads <c>period</c> (month or quarter) or <c>from</c>/<c>to</c> (dates, both included); an error says what is wrong.</summary>
    public static ReportPeriod? Parse(string? period, string? from, string? to, out string? error)
    {
        error = null;
        if (!string.IsNullOrEmpty(period))
        {
            if (period.Length == 7 && period[4] == '-' && int.TryParse(period[..4], CultureInfo.InvariantCulture, out var y))
            {
                if (period[5] == 'Q' && int.TryParse(period[6..], CultureInfo.InvariantCulture, out var q) && q is >= 1 and <= 4 && y is >= 2000 and <= 9999)
                    return Quarter(y, q);
                if (int.TryParse(period[5..], CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 12 && y is >= 2000 and <= 9999)
                    return Month(y, m);
            }

            error = "period must be a month (2026-11) or a quarter (2026-Q4)";
            return null;
        }

        if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            || !DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
        {
            error = "give period (2026-11, 2026-Q4) or from and to as dates (2026-11-01), both included";
            return null;
        }

        if (last < first || last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            error = $"to must be on or after from, at most {MaxDays} days in all";
            return null;
        }

        return Custom(first, last);
    }

    /// <summary>The months and quarters that ended after <paramref name="since"/> and by <paramref name="now"/>, oldest first.</summary>
    public static IEnumerable<ReportPeriod> EndedBetween(DateTimeOffset since, DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(since.ToOffset(ReportSchema.Offset).DateTime);
        for (var month = new DateOnly(day.Year, day.Month, 1); Midnight(month) < now; month = month.AddMonths(1))
        {
            var m = Month(month.Year, month.Month);
            if (m.To > since && m.To <= now) yield return m;
            if (month.Month % 3 == 0)
            {
                var q = Quarter(month.Year, month.Month / 3);
                if (q.To > since && q.To <= now) yield return q;
            }
        }
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), ReportSchema.Offset);
}
