using System.Text;
using System.Text.Json;
using GridDispatch.Grains.Import;
using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Benchmarks;

/// <summary>For benchmarks on the real silo process: synthetic townships of lamps, imported and warmed, and the county's token.</summary>
public static class BenchTownships
{
    /// <summary>
    /// Imports <paramref name="townships"/> townships (<c>bench0</c>, <c>bench1</c>, …) sharing <paramref name="lamps"/> lamps, and has every lamp
    /// report once (its first report is saved at once: steady state starts after it). Returns each township's lamp ids.
    /// </summary>
    public static async Task<List<string[]>> ImportAsync(IGrainFactory grains, int lamps, int townships)
    {
        var ids = await ImportTopologyAsync(grains, lamps, townships);
        await WarmAsync(grains, ids);
        return ids;
    }

    /// <summary>
    /// Defines the townships' cells and configures their lamps. As dense as a county (#7: 50,000 lamps in 5,000 grids): about
    /// 9 lamps a neighbourhood however many townships share the lamps, unless <paramref name="villagesPerTownship"/> says how
    /// many villages (of 100 neighbourhoods each) a township has.
    /// </summary>
    public static async Task<List<string[]>> ImportTopologyAsync(IGrainFactory grains, int lamps, int townships, int? villagesPerTownship = null)
    {
        var ids = new List<string[]>();
        for (var t = 0; t < townships; t++)
        {
            // (Before 2026-11-24 each township had 11,100 cells: one lamp a cell.)
            var synthetic = DomainBenchmark.Synthetic(lamps / townships, villageCount: villagesPerTownship ?? Math.Max(1, 100 / townships));
            var id = $"bench{t}";
            var topology = synthetic with { Id = id, Name = $"基准{t}镇", Lamps = [.. synthetic.Lamps.Select(l => l with { Id = id + l.Id[l.Id.IndexOf('-')..] })] };
            await new TopologyImporter(grains).ImportAsync(topology);
            ids.Add([.. topology.Lamps.Select(l => l.Id)]);
        }

        return ids;
    }

    /// <summary>Every lamp reports once, lit, a minute ago.</summary>
    public static Task WarmAsync(IGrainFactory grains, List<string[]> ids)
    {
        var all = ids.SelectMany(x => x).ToArray();
        var warmAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        return Load.Flood(all.Length, 1_000, i => grains.GetGrain<IStreetlightGrain>(all[i])
            .ReportTelemetry(new LampTelemetry { Timestamp = warmAt, On = true, Brightness = 100, Voltage = 221, Current = 0.4, Power = 88 }));
    }

    /// <summary>A steady report of <paramref name="lamp"/> (lit; measurements varying with <paramref name="n"/>), on its telemetry topic.</summary>
    public static (string Topic, string Payload) SteadyReport(string lamp, long n) =>
        ($"gd/{lamp[..lamp.IndexOf('-')]}/lamp/{lamp}/telemetry",
         $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true,"brightness":100,"voltage":{{218 + n % 5}},"current":0.4,"power":{{86 + n % 5}}}""");

    /// <summary>A report that raises a LEAKAGE alarm on <paramref name="lamp"/>: an alarm probe.</summary>
    public static (string Topic, string Payload) LeakageReport(string lamp) =>
        ($"gd/{lamp[..lamp.IndexOf('-')]}/lamp/{lamp}/telemetry",
         $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true,"voltage":221,"current":0.4,"leakageMa":55}""");

    public static async Task<string> AdminTokenAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var login = await http.PostAsync("/api/login", new StringContent("""{"username":"admin","password":"demo"}""", Encoding.UTF8, "application/json"));
        login.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()!;
    }
}
