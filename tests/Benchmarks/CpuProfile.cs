using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GridDispatch.Benchmarks;

/// <summary>
/// A Chromium CPU profile of a page's main thread, taken over CDP (the Profiler domain), summed into the functions
/// with the most self time. The page's scripts are minified, so each function is also shown by the start of its
/// source text, read from the script the page loaded.
/// </summary>
public sealed class CpuProfile : IAsyncDisposable
{
    private readonly BareChromium _page;
    private readonly HttpClient _http;

    private CpuProfile(BareChromium page, Uri baseAddress)
    {
        _page = page;
        _http = new HttpClient { BaseAddress = baseAddress };
    }

    public static async Task<CpuProfile> StartAsync(BareChromium page, Uri baseAddress)
    {
        await page.SendAsync("Profiler.enable");
        await page.SendAsync("Profiler.setSamplingInterval", new JsonObject { ["interval"] = 500 });
        await page.SendAsync("Profiler.start");
        return new CpuProfile(page, baseAddress);
    }

    /// <summary>Stops the profile; the <paramref name="top"/> functions by self time, as a markdown table.</summary>
    public async Task<string> StopAsync(int top = 12)
    {
        var stopped = await _page.SendAsync("Profiler.stop");
        var profile = stopped.GetProperty("profile");
        var frames = new Dictionary<int, JsonElement>();
        foreach (var node in profile.GetProperty("nodes").EnumerateArray()) frames[node.GetProperty("id").GetInt32()] = node.GetProperty("callFrame");

        // A sample's time is the delta to the next sample.
        var samples = profile.GetProperty("samples").EnumerateArray().Select(s => s.GetInt32()).ToArray();
        var deltas = profile.GetProperty("timeDeltas").EnumerateArray().Select(d => d.GetDouble() / 1000).ToArray();
        var self = new Dictionary<(string Name, string Url, int Line, int Column), double>();
        double busy = 0;
        for (var i = 0; i < samples.Length - 1; i++)
        {
            var frame = frames[samples[i]];
            var name = frame.GetProperty("functionName").GetString() ?? "";
            if (name == "(idle)") continue;
            var key = (name, frame.GetProperty("url").GetString() ?? "", frame.GetProperty("lineNumber").GetInt32(), frame.GetProperty("columnNumber").GetInt32());
            self[key] = self.GetValueOrDefault(key) + deltas[i + 1];
            busy += deltas[i + 1];
        }

        var text = new StringBuilder();
        text.AppendLine($"| self ms | % of busy ({busy:F0} ms) | function (script:line:column, its source's start) |");
        text.AppendLine("|---:|---:|---|");
        foreach (var (key, ms) in self.OrderByDescending(x => x.Value).Take(top))
            text.AppendLine($"| {ms:F0} | {100 * ms / Math.Max(busy, 1):F1} | `{(key.Name == "" ? "(anonymous)" : key.Name)}` {Path.GetFileName(key.Url)}:{key.Line}:{key.Column} `{await SourceAtAsync(key.Url, key.Line, key.Column)}` |");
        return text.ToString();
    }

    private readonly Dictionary<string, string[]> _scripts = [];

    private async Task<string> SourceAtAsync(string url, int line, int column)
    {
        if (!url.StartsWith(_http.BaseAddress!.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) || line < 0) return "";
        if (!_scripts.TryGetValue(url, out var lines))
        {
            try { lines = (await _http.GetStringAsync(url)).Split('\n'); }
            catch (HttpRequestException) { lines = []; }
            _scripts[url] = lines;
        }

        if (line >= lines.Length || column >= lines[line].Length) return "";
        var start = lines[line].AsSpan(column);
        return start[..Math.Min(60, start.Length)].ToString().Replace('|', '¦').Replace('`', '\'');
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _page.SendAsync("Profiler.disable");
    }
}
