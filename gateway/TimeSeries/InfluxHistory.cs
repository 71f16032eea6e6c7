using System.Text.Json;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.TimeSeries;

/// <summary>History for the dashboard's charts, from InfluxDB 1.x over InfluxQL.</summary>
public sealed class InfluxHistory(IOptions<InfluxOptions> options, IHttpClientFactory http)
{
    public async Task<IReadOnlyList<HistoryPoint>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        if (!o.Enabled) throw new InvalidOperationException("InfluxDB is not configured (Influx:Url)");
        if (o.Version != InfluxVersion.V1) throw new NotSupportedException("history queries are implemented for InfluxDB 1.x (InfluxQL); 2.x (Flux) is not yet");

        using var request = InfluxRequests.Query(o, ToInfluxQl(query));
        using var response = await http.CreateClient(InfluxWriter.HttpClientName).SendAsync(request, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return Parse(json.RootElement, (int)response.StatusCode);
    }

    public static string ToInfluxQl(HistoryQuery q)
    {
        var where = string.Concat(q.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => $"{InfluxQl.Identifier(t.Key)} = {InfluxQl.Literal(t.Value)} AND "));
        var aggregate = q.Aggregate.ToString().ToLowerInvariant();
        return $"SELECT {aggregate}({InfluxQl.Identifier(q.Field)}) FROM {InfluxQl.Identifier(q.Measurement)} " +
               $"WHERE {where}time >= {InfluxQl.Time(q.From)} AND time < {InfluxQl.Time(q.To)} " +
               $"GROUP BY time({InfluxQl.Duration(q.Every)}) fill(none)";
    }

    private static List<HistoryPoint> Parse(JsonElement root, int status)
    {
        if (root.TryGetProperty("error", out var topError)) throw new InvalidOperationException($"InfluxDB ({status}): {topError.GetString()}");
        var points = new List<HistoryPoint>();
        foreach (var result in root.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out var error)) throw new InvalidOperationException($"InfluxDB: {error.GetString()}");
            if (!result.TryGetProperty("series", out var series)) continue;
            foreach (var s in series.EnumerateArray())
                foreach (var row in s.GetProperty("values").EnumerateArray())
                    if (row[1].ValueKind == JsonValueKind.Number)
                        points.Add(new HistoryPoint(DateTimeOffset.FromUnixTimeMilliseconds(row[0].GetInt64()), row[1].GetDouble()));
        }

        return points;
    }
}
