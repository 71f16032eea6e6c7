using System.Globalization;

namespace GridDispatch.Dashboard.Map;

/// <summary>An XYZ tile URL template (<c>…/{z}/{x}/{y}.png</c>, or <c>{-y}</c> for TMS rows) filled for one tile.</summary>
public static class XyzTemplate
{
    /// <summary>Why <paramref name="url"/> is not a usable template; null when it is.</summary>
    public static string? Problem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return "is required for an XYZ basemap";
        if (!url.Contains("{z}") || !url.Contains("{x}") || !(url.Contains("{y}") || url.Contains("{-y}")))
            return $"'{Redacted(url)}' must contain {{z}}, {{x}} and {{y}} (or {{-y}})";
        var sample = Fill(url, 0, 0, 0);
        return Uri.TryCreate(sample, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? null
            : $"'{Redacted(url)}' is not an absolute http or https URL";
    }

    public static string Fill(string template, int z, int x, int y) => template
        .Replace("{z}", z.ToString(CultureInfo.InvariantCulture))
        .Replace("{x}", x.ToString(CultureInfo.InvariantCulture))
        .Replace("{-y}", ((1 << z) - 1 - y).ToString(CultureInfo.InvariantCulture))
        .Replace("{y}", y.ToString(CultureInfo.InvariantCulture));

    /// <summary>The template without its query (where keys such as 天地图's <c>tk</c> sit), for errors and logs.</summary>
    public static string Redacted(string url) => url.IndexOf('?') is var q and >= 0 ? url[..q] + "?…" : url;
}
