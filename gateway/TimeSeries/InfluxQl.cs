using System.Globalization;

namespace GridDispatch.Gateway.TimeSeries;

/// <summary>Quoting for InfluxQL, so ids from outside can never change a query's meaning.</summary>
public static class InfluxQl
{
    public static string Identifier(string name) => "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    public static string Time(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>A GROUP BY time() interval in whole seconds.</summary>
    public static string Duration(TimeSpan span) => Math.Max(1, (long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
}
