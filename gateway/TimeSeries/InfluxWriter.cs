using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.TimeSeries;

/// <summary>
/// Writes points to InfluxDB 1.x (<c>/write</c>) or 2.x (<c>/api/v2/write</c>) in line protocol:
/// batched by size and time, retried with exponential back-off, the oldest dropped (and counted)
/// when InfluxDB is away longer than the buffer lasts. Drains what it holds on shutdown.
/// </summary>
public sealed partial class InfluxWriter : BackgroundService, ITimeSeriesWriter
{
    public const string HttpClientName = "influx";
    private static readonly Meter Meter = new("GridDispatch.TimeSeries");
    private static readonly Counter<long> WrittenCounter = Meter.CreateCounter<long>("griddispatch.timeseries.written", "{point}");
    private static readonly Counter<long> DroppedCounter = Meter.CreateCounter<long>("griddispatch.timeseries.dropped", "{point}", "Points dropped: buffer full, or a batch refused or out of attempts");
    private static readonly Counter<long> FailedWrites = Meter.CreateCounter<long>("griddispatch.timeseries.failed_writes", "{request}");

    private readonly InfluxOptions _options;
    private readonly IHttpClientFactory _http;
    private readonly ILogger<InfluxWriter> _logger;
    private readonly Channel<TimeSeriesPoint> _buffer;
    private long _written;
    private long _dropped;

    public InfluxWriter(IOptions<InfluxOptions> options, IHttpClientFactory http, ILogger<InfluxWriter> logger)
    {
        _options = options.Value;
        _http = http;
        _logger = logger;
        _buffer = Channel.CreateBounded<TimeSeriesPoint>(
            new BoundedChannelOptions(_options.BufferCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => CountDropped(1));
    }

    public long Written => Interlocked.Read(ref _written);

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Write(TimeSeriesPoint point) => _buffer.Writer.TryWrite(point);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<TimeSeriesPoint>(_options.BatchSize);
        try
        {
            while (await _buffer.Reader.WaitToReadAsync(stoppingToken))
            {
                await FillAsync(batch, stoppingToken);
                await SendAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await DrainAsync(batch);
        }
    }

    /// <summary>Takes points until the batch is full or the first has waited <see cref="InfluxOptions.FlushInterval"/>.</summary>
    private async Task FillAsync(List<TimeSeriesPoint> batch, CancellationToken stoppingToken)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        window.CancelAfter(_options.FlushInterval);
        try
        {
            while (batch.Count < _options.BatchSize)
            {
                while (batch.Count < _options.BatchSize && _buffer.Reader.TryRead(out var point)) batch.Add(point);
                if (batch.Count < _options.BatchSize) await _buffer.Reader.WaitToReadAsync(window.Token);
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The window closed: write what we have.
        }
    }

    private async Task DrainAsync(List<TimeSeriesPoint> batch)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (_buffer.Reader.TryRead(out var point)) batch.Add(point);
        foreach (var chunk in batch.Chunk(_options.BatchSize)) await SendAsync([.. chunk], grace.Token);
    }

    private async Task SendAsync(List<TimeSeriesPoint> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return;
        var body = LineProtocol.Format(batch);
        var delay = _options.RetryDelay;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            var outcome = await TryWriteAsync(body, cancellationToken);
            if (outcome == WriteOutcome.Written)
            {
                Interlocked.Add(ref _written, batch.Count);
                WrittenCounter.Add(batch.Count);
                return;
            }

            FailedWrites.Add(1);
            if (outcome == WriteOutcome.Refused || cancellationToken.IsCancellationRequested) break;
            try { await Task.Delay(delay, cancellationToken); } catch (OperationCanceledException) { break; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
        }

        CountDropped(batch.Count);
        LogBatchDropped(batch.Count);
    }

    private enum WriteOutcome { Written, Retry, Refused }

    private async Task<WriteOutcome> TryWriteAsync(string body, CancellationToken cancellationToken)
    {
        try
        {
            using var request = InfluxRequests.Write(_options, body);
            using var response = await _http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode) return WriteOutcome.Written;
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound && _options.Version == InfluxVersion.V1 && detail.Contains("database not found", StringComparison.Ordinal))
            {
                await CreateDatabaseAsync(cancellationToken);
                return WriteOutcome.Retry;
            }

            LogWriteFailed((int)response.StatusCode, detail);
            // 400: InfluxDB refused the points themselves; sending them again cannot help.
            return response.StatusCode == HttpStatusCode.BadRequest ? WriteOutcome.Refused : WriteOutcome.Retry;
        }
        catch (HttpRequestException error)
        {
            LogUnreachable(error.Message);
            return WriteOutcome.Retry;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnreachable("timeout");
            return WriteOutcome.Retry;
        }
    }

    private async Task CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        using var request = InfluxRequests.Query(_options, $"CREATE DATABASE {InfluxQl.Identifier(_options.Database)}", post: true);
        using var response = await _http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        LogDatabaseCreated(_options.Database, (int)response.StatusCode);
    }

    private void CountDropped(long count)
    {
        Interlocked.Add(ref _dropped, count);
        DroppedCounter.Add(count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB write failed with {Status}: {Detail}")]
    private partial void LogWriteFailed(int status, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB unreachable ({Reason}); retrying")]
    private partial void LogUnreachable(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dropped a batch of {Count} points after its attempts ran out or InfluxDB refused it")]
    private partial void LogBatchDropped(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created InfluxDB database {Database} ({Status})")]
    private partial void LogDatabaseCreated(string database, int status);
}
