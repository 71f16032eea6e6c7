using GridDispatch.Gateway.Mqtt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GridDispatch.Tests.Gateway.Mqtt;

/// <summary>Refused messages are all counted, but the log gets a bounded sample: per source, and in all.</summary>
public sealed class IngestionDropsTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T04:00:00Z"));
    private readonly LineCounter _log = new();

    [Fact]
    public void A_source_is_logged_once_a_minute_and_all_sources_at_most_the_allowance()
    {
        var drops = new IngestionDrops(_log, _time);
        drops.Drop("stale", "yimen-L0001", "gd/yimen/lamp/yimen-L0001/telemetry");
        drops.Drop("stale", "yimen-L0001", "gd/yimen/lamp/yimen-L0001/telemetry");
        Assert.Equal(1, _log.Lines);

        // Thousands of lamps refused in the same minute (reports reordered under overload): a sample is logged, every one counted.
        for (var i = 2; i <= 5_000; i++) drops.Drop("stale", $"yimen-L{i:D4}", $"gd/yimen/lamp/yimen-L{i:D4}/telemetry");
        Assert.Equal(IngestionDrops.LinesPerMinute, _log.Lines);
        Assert.Equal(5_001, drops.Count("stale"));

        // The next minute there is room again, for a source heard before as for a new one.
        _time.Advance(TimeSpan.FromMinutes(1));
        drops.Drop("stale", "yimen-L0001", "gd/yimen/lamp/yimen-L0001/telemetry");
        drops.Drop("invalid", "yimen-L9999", "gd/yimen/lamp/yimen-L9999/telemetry");
        Assert.Equal(IngestionDrops.LinesPerMinute + 2, _log.Lines);
    }

    private sealed class LineCounter : ILogger<IngestionDrops>
    {
        private int _lines;
        public int Lines => _lines;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Interlocked.Increment(ref _lines);
    }
}
