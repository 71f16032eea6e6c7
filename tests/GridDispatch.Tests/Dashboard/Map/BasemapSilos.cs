using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Dashboard.Map;

/// <summary>
/// Two small silos (no demo) started side by side for the basemap tests: one serving an MBTiles file the fixture
/// writes, one a PMTiles file (here any binary: the silo serves it by range, the page's reader makes sense of it).
/// </summary>
public sealed class BasemapSilos : IAsyncLifetime
{
    public const string Password = "Map-tiles-Passw0rd-7b2";
    public static readonly byte[] Red = TestTiles.Png(220, 30, 30), Blue = TestTiles.Png(30, 30, 220);

    /// <summary>A red tile in the county's bounds at zoom 10 (the browser test looks at it; its neighbours are missing).</summary>
    public static readonly (int Z, int X, int Y) CountyTile = (10, 803, 433);

    private readonly string _folder = RepositoryPaths.NewTempFolder("basemap");

    public SiloProcess MbTiles { get; private set; } = null!;
    public SiloProcess PmTiles { get; private set; } = null!;

    /// <summary>The PMTiles file's bytes, as the silo should serve them.</summary>
    public byte[] Archive { get; } = RandomBytes(100_000);

    public async Task InitializeAsync()
    {
        var mbtiles = Path.Combine(_folder, "county.mbtiles");
        // Column 1 at zoom 2 holds a red tile in the top row and a blue one in the bottom row: a wrong row flip swaps them.
        TestTiles.WriteMbTiles(mbtiles,
            new Dictionary<string, string>
            {
                ["name"] = "会理市底图", ["format"] = "png", ["bounds"] = "102.1,26.3,102.6,26.9", ["minzoom"] = "0", ["maxzoom"] = "14",
                ["attribution"] = "© 测试底图",
            },
            new Dictionary<(int, int, int), byte[]> { [(2, 1, 0)] = Red, [(2, 1, 3)] = Blue, [CountyTile] = Red });
        var pmtiles = Path.Combine(_folder, "county.pmtiles");
        await File.WriteAllBytesAsync(pmtiles, Archive);

        var starts = new[]
        {
            Start("mb", "--Map:Basemap:Kind=mbtiles", $"--Map:Basemap:Path={mbtiles}"),
            Start("pm", "--Map:Basemap:Kind=pmtiles", $"--Map:Basemap:Path={pmtiles}", "--Map:Basemap:MaxZoom=15", "--Map:Basemap:Attribution=© 县局"),
        };
        try { await Task.WhenAll(starts); }
        catch
        {
            foreach (var started in starts.Where(s => s.IsCompletedSuccessfully)) await started.Result.DisposeAsync();
            throw;
        }

        (MbTiles, PmTiles) = (starts[0].Result, starts[1].Result);
    }

    public async Task<HttpClient> SignedInAsync(SiloProcess silo)
    {
        var http = new HttpClient { BaseAddress = silo.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await CommandCentreClient.LoginAsync(silo.BaseAddress, "admin", Password));
        return http;
    }

    private Task<SiloProcess> Start(string name, params string[] map) => SiloProcess.StartAsync(_folder,
        ["--db", Path.Combine(_folder, name + ".db"), $"--Accounts:AdminPassword={Password}", .. map]);

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(21).NextBytes(bytes);
        return bytes;
    }

    public async Task DisposeAsync()
    {
        if (MbTiles is not null) await MbTiles.DisposeAsync();
        if (PmTiles is not null) await PmTiles.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
