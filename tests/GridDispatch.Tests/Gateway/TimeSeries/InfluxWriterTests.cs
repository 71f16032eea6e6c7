using GridDispatch.Gateway.TimeSeries;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Gateway.TimeSeries;

/// <summary>One victoria-metrics for the class; a test that stops it starts it again.</summary>
public sealed class VictoriaMetricsFixture : IAsyncLifetime
{
    public VictoriaMetricsServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await VictoriaMetricsServer.StartAsync();

    public async Task StartAgainAsync() => Server = await Server.StartAgainAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The writer (InfluxDB.Client's write API) against a real server we did not write: victoria-metrics, over
/// <c>/api/v2/write</c>. Each test uses its own lamp ids, so they share the server.
/// </summary>
public sealed class InfluxWriterTests(VictoriaMetricsFixture victoria, ITestOutputHelper output) : IClassFixture<VictoriaMetricsFixture>
{
    // Recent: victoria-metrics refuses (silently) samples older than its retention, a month by default.
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3_600);

    private InfluxWriter Create(InfluxOptions options) => new(Options.Create(options),
        LoggerFactory.Create(logging => logging.AddProvider(new XunitLoggerProvider(output, LogLevel.Warning))).CreateLogger<InfluxWriter>());

    private static TimeSeriesPoint Lamp(string lamp, string village, DateTimeOffset at, double watts) => new("lamp",
        [new("township", "yimen"), new("village", village), new("lamp", lamp)], [new("power", watts), new("on", true), new("brightness", 80)], at);

    private Task<IReadOnlyList<VictoriaMetricsServer.Series>> Export(string metric, string lamp) =>
        victoria.Server.ExportAsync($"{{__name__=\"{metric}\",lamp=\"{lamp}\"}}");

    [Fact]
    public async Task Points_written_are_read_back_with_their_tags_fields_and_times()
    {
        var writer = Create(new InfluxOptions { Url = victoria.Server.Url, BatchSize = 50, FlushInterval = TimeSpan.FromMilliseconds(100) });
        // Three lamps, one report every 30 s for 20 minutes.
        for (var i = 0; i < 40; i++)
            for (var lamp = 1; lamp <= 3; lamp++)
                writer.Write(Lamp($"readback-L000{lamp}", "王家村, 一组=A", Start.AddSeconds(30 * i), 30 + lamp + i / 10.0));

        await Eventually.Holds(() => Task.FromResult(writer.Written), n => n == 120, what: "all points written");
        var power = Assert.Single(await Eventually.Holds(() => Export("lamp_power", "readback-L0002"), s => s.Count == 1 && s[0].Samples.Count == 40,
            what: "lamp 2's power read back"));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => 32 + i / 10.0), power.Samples.Select(s => s.Value));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => Start.AddSeconds(30 * i)), power.Samples.Select(s => s.At));
        Assert.Equal("王家村, 一组=A", power.Labels["village"]);
        Assert.Equal("yimen", power.Labels["township"]);
        // Booleans and integers are fields too: victoria-metrics keeps them as 1 and 80.
        Assert.All((await Export("lamp_on", "readback-L0003")).Single().Samples, s => Assert.Equal(1, s.Value));
        Assert.All((await Export("lamp_brightness", "readback-L0001")).Single().Samples, s => Assert.Equal(80, s.Value));
        Assert.Equal(0, writer.Dropped);
        await writer.StopAsync(CancellationToken.None);
        writer.Dispose();
    }

    [Fact]
    public async Task Points_written_while_the_server_is_down_arrive_once_it_is_back_each_exactly_once()
    {
        await victoria.Server.ShutDownAsync();
        var writer = Create(new InfluxOptions
        {
            Url = victoria.Server.Url, BatchSize = 30, FlushInterval = TimeSpan.FromMilliseconds(50),
            RetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromMilliseconds(500), MaxRetries = 1_000,
        });
        for (var i = 0; i < 100; i++) writer.Write(Lamp("outage-L0001", "王家村", Start.AddSeconds(i), i));

        await Eventually.Holds(() => Task.FromResult(writer.FailedRequests), n => n >= 3, what: "writes retried while the server is down");
        Assert.Equal(0, writer.Written);
        Assert.Equal(100, writer.Pending);

        await victoria.StartAgainAsync();
        await Eventually.Holds(() => Task.FromResult(writer.Written), n => n == 100, TimeSpan.FromSeconds(20), "points written after the server came back");
        var series = Assert.Single(await Eventually.Holds(() => Export("lamp_power", "outage-L0001"), s => s.Count == 1 && s[0].Samples.Count >= 100,
            what: "the buffered points read back"));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (double)i), series.Samples.Select(s => s.Value));
        Assert.Equal(0, writer.Dropped);
        await writer.StopAsync(CancellationToken.None);
        writer.Dispose();
    }

    [Fact]
    public async Task A_point_the_server_refuses_is_dropped_alone_and_counted()
    {
        // victoria-metrics refuses nothing per point: it answers 204 and skips a line it cannot parse, and has no
        // field types to conflict. What it does refuse is a request holding a line well over -influx.maxLineSize
        // (256 KiB; checked here: 300 KB passed, 450 KB got 400). The writer sends that batch again in halves
        // until the long line stands alone.
        // The bad point leads its batch: victoria-metrics stores the lines before a bad one and still answers
        // 400, so their re-send would store them twice (InfluxDB would overwrite them: same series and time).
        var writer = Create(new InfluxOptions { Url = victoria.Server.Url, BatchSize = 100, FlushInterval = TimeSpan.FromMilliseconds(200) });
        writer.Write(Lamp("refused-L0001", new string('村', 200_000), Start, 1));
        for (var i = 0; i < 20; i++) writer.Write(Lamp("refused-L0002", "王家村", Start.AddSeconds(i), i));

        await Eventually.Holds(() => Task.FromResult((writer.Written, writer.Dropped)), n => n == (20L, 1L), what: "20 written, the long one dropped");
        var series = Assert.Single(await Eventually.Holds(() => Export("lamp_power", "refused-L0002"), s => s.Count == 1 && s[0].Samples.Count >= 20,
            what: "the good points read back"));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (double)i), series.Samples.Select(s => s.Value));
        Assert.Empty(await Export("lamp_power", "refused-L0001"));
        Assert.True(writer.FailedRequests >= 2, $"the refused batch and the refused point alone: {writer.FailedRequests}");

        // Later points still flow.
        writer.Write(Lamp("refused-L0002", "王家村", Start.AddSeconds(20), 20));
        await Eventually.Holds(() => Task.FromResult(writer.Written), n => n == 21, what: "a later point written");
        await writer.StopAsync(CancellationToken.None);
        writer.Dispose();
    }

    [Fact]
    public async Task Stopping_writes_what_is_still_batched()
    {
        // A flush interval longer than the test: only the drain on stop can write these.
        var writer = Create(new InfluxOptions { Url = victoria.Server.Url, BatchSize = 1_000, FlushInterval = TimeSpan.FromSeconds(60) });
        for (var i = 0; i < 500; i++) writer.Write(Lamp("drain-L0001", "王家村", Start.AddSeconds(i), i));
        Assert.Equal(0, writer.Written);

        await writer.StopAsync(CancellationToken.None);

        Assert.Equal((500L, 0L, 0L), (writer.Written, writer.Dropped, writer.Pending));
        await Eventually.Holds(() => Export("lamp_power", "drain-L0001"), s => s.Count == 1 && s[0].Samples.Count == 500, what: "the drained points read back");
        writer.Write(Lamp("drain-L0001", "王家村", Start.AddSeconds(500), 500));
        Assert.Equal(1, writer.Dropped); // after stop: counted, not lost silently
        writer.Dispose();
    }

    [Fact]
    public async Task When_the_server_stays_away_every_point_is_accounted_for_as_dropped()
    {
        var writer = Create(new InfluxOptions
        {
            Url = $"http://127.0.0.1:{FreePort.Next()}", BufferCapacity = 1_000, BatchSize = 100, FlushInterval = TimeSpan.FromMilliseconds(20),
            MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        });
        for (var i = 0; i < 5_000; i++) writer.Write(Lamp("away-L0001", "王家村", Start.AddMilliseconds(i), i));
        Assert.Equal(4_000, writer.Dropped); // past the bound at once

        await Eventually.Holds(() => Task.FromResult(writer.Dropped), n => n == 5_000, TimeSpan.FromSeconds(30), "every point dropped and counted");
        Assert.Equal((0L, 0L), (writer.Written, writer.Pending));
        await writer.StopAsync(CancellationToken.None);
        writer.Dispose();
    }
}
