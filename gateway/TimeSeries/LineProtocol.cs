using System.Globalization;
using System.Text;

namespace GridDispatch.Gateway.TimeSeries;

/// <summary>
/// InfluxDB line protocol: <c>measurement,tag=v field=1.5,flag=t,count=3i,text="…" 1732262400000</c>,
/// timestamps in milliseconds (written with <c>precision=ms</c>). Escaping per the protocol:
/// commas and spaces in measurements; commas, '=' and spaces in tag keys, tag values and field keys;
/// quotes and backslashes in string fields. Tags go out sorted by key, as InfluxDB prefers.
/// </summary>
public static class LineProtocol
{
    public static void Append(StringBuilder line, TimeSeriesPoint point)
    {
        Escape(line, point.Measurement, isMeasurement: true);
        foreach (var (key, value) in point.Tags.Where(t => !string.IsNullOrEmpty(t.Value)).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            line.Append(',');
            Escape(line, key, isMeasurement: false);
            line.Append('=');
            Escape(line, value, isMeasurement: false);
        }

        var first = true;
        foreach (var (key, value) in point.Fields)
        {
            if (!TryFormat(value, out var text)) continue;
            line.Append(first ? ' ' : ',');
            first = false;
            Escape(line, key, isMeasurement: false);
            line.Append('=').Append(text);
        }

        if (first) throw new ArgumentException($"a point of '{point.Measurement}' needs at least one field", nameof(point));
        line.Append(' ').Append(point.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    public static string Format(IEnumerable<TimeSeriesPoint> points)
    {
        var text = new StringBuilder();
        foreach (var point in points) Append(text, point);
        return text.ToString();
    }

    /// <summary>Field values: floats as written, integers with 'i', booleans t/f, strings quoted. NaN and infinities are not representable and are left out.</summary>
    private static bool TryFormat(object value, out string text)
    {
        text = value switch
        {
            double d when double.IsFinite(d) => d.ToString("R", CultureInfo.InvariantCulture),
            float f when float.IsFinite(f) => ((double)f).ToString("R", CultureInfo.InvariantCulture),
            int or long or short => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "i",
            bool b => b ? "t" : "f",
            string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
            _ => "",
        };
        return text.Length > 0;
    }

    private static void Escape(StringBuilder line, string text, bool isMeasurement)
    {
        foreach (var c in text)
        {
            if (c is ',' or ' ' || (!isMeasurement && c == '=')) line.Append('\\');
            // Newlines would end the line: InfluxDB cannot carry them in names or tags.
            line.Append(c is '\n' or '\r' ? ' ' : c);
        }
    }
}
