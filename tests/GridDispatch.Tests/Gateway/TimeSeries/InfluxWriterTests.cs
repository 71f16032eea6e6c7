using GridDispatch.Gateway.TimeSeries;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Gateway.TimeSeries;

/// <summary>The writer and the history query against a real influxd 1.6 from Debian.</summary>
public sealed class InfluxWriterTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 18, 0, 0, TimeSpan.FromHours(8));

    private (InfluxWriter Writer, InfluxHistory History) Create(InfluxOptions options)
    {
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new XunitLoggerProvider(output, LogLevel.Warning)))
            .AddHttpClient()
            .BuildServiceProvider();
        var http = services.GetRequiredService<IHttpClientFactory>();
        return (new InfluxWriter(Options.Create(options), http, services.GetRequiredService<ILogger<InfluxWriter>>()),
                new InfluxHistory(Options.Create(options), http));
    }

    private static TimeSeriesPoint Power(string lamp, string village, DateTimeOffset at, double watts) => new("lamp",
        [new("township", "yimen"), new("village", village), new("lamp", lamp)], [new("power", watts), new("on", true)], at);

    [Fact]
    public async Task Points_written_are_read_back_through_the_history_query()
    {
        await using var influx = await InfluxServer.StartAsync();
        var (writer, history) = Create(new InfluxOptions { Url = influx.Url, Database = "gd_test", BatchSize = 100, FlushInterval = TimeSpan.FromMilliseconds(100) });
        await writer.StartAsync(CancellationToken.None);

        // Three lamps, one report every 30 s for an hour; lamp 2 draws 60 W in the first ten minutes of each half hour, 30 W otherwise.
        for (var i = 0; i < 120; i++)
            for (var lamp = 1; lamp <= 3; lamp++)
                writer.Write(Power($"yimen-L000{lamp}", "王家村, 一组", Start.AddSeconds(30 * i), lamp == 2 && i % 60 < 20 ? 60 : 30));

        await Eventually.Holds(() => Task.FromResult(writer.Written), n => n == 360, what: "all points written");
        var series = await history.QueryAsync(new HistoryQuery("lamp", "power",
            new Dictionary<string, string> { ["lamp"] = "yimen-L0002", ["village"] = "王家村, 一组" }, Start, Start.AddHours(1), TimeSpan.FromMinutes(10)));

        Assert.Equal([60.0, 30, 30, 60, 30, 30], series.Select(p => p.Value));
        Assert.Equal(Start, series[0].At);
        Assert.Equal(0, writer.Dropped);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Points_written_while_influxdb_is_away_arrive_once_it_is_back()
    {
        var port = FreePort.Next();
        var (writer, history) = Create(new InfluxOptions
        {
            Url = $"http://127.0.0.1:{port}", Database = "gd_late", BatchSize = 50, FlushInterval = TimeSpan.FromMilliseconds(50),
            RetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromSeconds(1), MaxAttempts = 50,
        });
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 100; i++) writer.Write(Power("yimen-L0001", "王家村", Start.AddSeconds(i), i));
        await Task.Delay(1000);
        Assert.Equal(0, writer.Written);

        await using var influx = await InfluxServer.StartAsync(port);
        await Eventually.Holds(() => Task.FromResult(writer.Written), n => n == 100, TimeSpan.FromSeconds(30), "points written after influxd came up");
        var count = await history.QueryAsync(new HistoryQuery("lamp", "power", new Dictionary<string, string>(), Start, Start.AddHours(1), TimeSpan.FromHours(1), HistoryAggregate.Count));
        Assert.Equal(100, Assert.Single(count).Value);
        Assert.Equal(0, writer.Dropped);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Points_influxdb_refuses_are_dropped_at_once_and_counted_and_the_rest_still_flow()
    {
        await using var influx = await InfluxServer.StartAsync();
        var (writer, _) = Create(new InfluxOptions { Url = influx.Url, Database = "gd_refused", BatchSize = 10, FlushInterval = TimeSpan.FromMilliseconds(50) });
        await writer.StartAsync(CancellationToken.None);

        writer.Write(Power("yimen-L0001", "王家村", Start, 30));
        await Eventually.Holds(() => Task.FromResult(writer.Written), n => n == 1);
        // The same field as a string: a field type conflict, which InfluxDB refuses with 400.
        writer.Write(new TimeSeriesPoint("lamp", [new("lamp", "yimen-L0001")], [new("power", "thirty")], Start.AddSeconds(1)));
        await Eventually.Holds(() => Task.FromResult(writer.Dropped), n => n == 1, what: "refused point counted");
        writer.Write(Power("yimen-L0001", "王家村", Start.AddSeconds(2), 31));
        await Eventually.Holds(() => Task.FromResult(writer.Written), n => n == 2, what: "later points still written");
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task When_influxdb_stays_away_every_point_is_accounted_for_as_dropped()
    {
        var (writer, _) = Create(new InfluxOptions
        {
            Url = $"http://127.0.0.1:{FreePort.Next()}", BufferCapacity = 1_000, BatchSize = 100, FlushInterval = TimeSpan.FromMilliseconds(20),
            MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(10),
        });
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 5_000; i++) writer.Write(Power("yimen-L0001", "王家村", Start.AddMilliseconds(i), i));

        await Eventually.Holds(() => Task.FromResult(writer.Dropped), n => n == 5_000, TimeSpan.FromSeconds(30), "every point dropped and counted");
        Assert.Equal(0, writer.Written);
        await writer.StopAsync(CancellationToken.None);
    }
}
