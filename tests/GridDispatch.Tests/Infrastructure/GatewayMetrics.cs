using System.Globalization;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>A silo's own counts from its Prometheus page (<c>/metrics</c> on the management listener).</summary>
public sealed class GatewayMetrics(IReadOnlyList<string> lines)
{
    public static async Task<GatewayMetrics> ReadAsync(Uri management)
    {
        using var http = new HttpClient { BaseAddress = management };
        return new GatewayMetrics((await http.GetStringAsync("/metrics")).Split('\n'));
    }

    /// <summary>The sum over every series of <paramref name="name"/> (all label sets); 0 if there is none.</summary>
    public double Sum(string name) => lines.Where(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    /// <summary>True if the page has a value for <paramref name="name"/>.</summary>
    public bool Has(string name) => lines.Any(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal));
}
