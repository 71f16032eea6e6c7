using System.Net.Http.Headers;
using System.Text;

namespace GridDispatch.Gateway.TimeSeries;

/// <summary>The HTTP requests of InfluxDB 1.x and 2.x, in one place.</summary>
public static class InfluxRequests
{
    public static HttpRequestMessage Write(InfluxOptions o, string lineProtocol)
    {
        var url = o.Version == InfluxVersion.V1
            ? $"{o.Url!.TrimEnd('/')}/write?db={Uri.EscapeDataString(o.Database)}&precision=ms{V1Credentials(o)}"
            : $"{o.Url!.TrimEnd('/')}/api/v2/write?org={Uri.EscapeDataString(o.Org ?? "")}&bucket={Uri.EscapeDataString(o.Bucket ?? "")}&precision=ms";
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(lineProtocol, Encoding.UTF8, "text/plain") };
        if (o.Version == InfluxVersion.V2) request.Headers.Authorization = new AuthenticationHeaderValue("Token", o.Token);
        return request;
    }

    /// <summary>An InfluxQL query (1.x), results with millisecond epochs.</summary>
    public static HttpRequestMessage Query(InfluxOptions o, string influxQl, bool post = false)
    {
        var url = $"{o.Url!.TrimEnd('/')}/query?db={Uri.EscapeDataString(o.Database)}&epoch=ms{V1Credentials(o)}";
        if (post)
            return new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent([new("q", influxQl)]) };
        return new HttpRequestMessage(HttpMethod.Get, $"{url}&q={Uri.EscapeDataString(influxQl)}");
    }

    private static string V1Credentials(InfluxOptions o) =>
        o.Username is null ? "" : $"&u={Uri.EscapeDataString(o.Username)}&p={Uri.EscapeDataString(o.Password ?? "")}";
}
