using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;

namespace GridDispatch.Gateway.TimeSeries;

/// <summary>Our points as the client's <see cref="PointData"/>, timestamps in milliseconds.</summary>
public static class InfluxPoints
{
    /// <summary>Null when nothing is left to write: no field InfluxDB can carry (NaN and infinities cannot).</summary>
    public static PointData? From(TimeSeriesPoint point)
    {
        var builder = PointData.Builder.Measurement(point.Measurement);
        foreach (var (key, value) in point.Tags) builder.Tag(key, value); // the client leaves out empty tags
        foreach (var (key, value) in point.Fields)
        {
            switch (value)
            {
                case double d when double.IsFinite(d): builder.Field(key, d); break;
                case float f when float.IsFinite(f): builder.Field(key, f); break;
                case int or long or short: builder.Field(key, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
                case bool b: builder.Field(key, b); break;
                // The client escapes quotes but not line breaks in string fields; a break would split the point in two.
                case string s: builder.Field(key, s.ReplaceLineEndings(" ")); break;
            }
        }

        return builder.HasFields() ? builder.Timestamp(point.Timestamp, WritePrecision.Ms).ToPointData() : null;
    }
}
