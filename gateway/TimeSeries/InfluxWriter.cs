using System.Diagnostics.Metrics;
using System.Threading.Channels;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Exceptions;
using InfluxDB.Client.Writes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.TimeSeries;

/// <summary>
/// Writes points through InfluxDB.Client's batching write API, which batches by size and time, retries
/// with exponential back-off and drains when disposed. Around it, what the client leaves to us: a bound on
/// the points accepted and not yet written (the client's own buffer is unbounded: past the bound new points
/// are dropped and counted); an account of every point, written or dropped by reason; and a batch the
/// server refuses (400, 413) is split and re-sent until the refused points are isolated, so only they are lost.
/// </summary>
public sealed partial class InfluxWriter : IHostedService, ITimeSeriesWriter, IDisposable
{
    private static readonly Meter Meter = new("GridDispatch.TimeSeries");
    private static readonly Counter<long> WrittenCounter = Meter.CreateCounter<long>("griddispatch.timeseries.written", "{point}");
    private static readonly Counter<long> DroppedCounter = Meter.CreateCounter<long>("griddispatch.timeseries.dropped", "{point}",
        "Points dropped, by reason: buffer_full, refused (by the server, alone), failed (retries ran out, or 401/403/404), invalid (no field), shutdown");
    private static readonly Counter<long> FailedWrites = Meter.CreateCounter<long>("griddispatch.timeseries.failed_writes", "{request}");

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly InfluxOptions _options;
    private readonly ILogger<InfluxWriter> _logger;
    private readonly InfluxDBClient _client;
    private readonly WriteApi _batches;
    private readonly WriteApiAsync _single;
    // Points wait here, counted in _pending, until the pump hands them to the client.
    private readonly Channel<TimeSeriesPoint> _queue = Channel.CreateUnbounded<TimeSeriesPoint>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _pump;
    // The client's write API takes points through an Rx subject, which must not be called concurrently
    // (the pump, and a refused half sent back to the batching path).
    private readonly Lock _gate = new();
    private bool _stopped;
    private long _pending;
    private long _written;
    private long _dropped;
    private long _failedRequests;

    public InfluxWriter(IOptions<InfluxOptions> options, ILogger<InfluxWriter> logger)
    {
        _options = options.Value;
        _logger = logger;
        var client = InfluxDBClientOptions.Builder.CreateNew()
            .Url(_options.Url).TimeOut(_options.Timeout).Org(_options.Org).Bucket(_options.EffectiveBucket);
        if (!string.IsNullOrEmpty(_options.Token)) client.AuthenticateToken(_options.Token);
        _client = new InfluxDBClient(client.Build());
        _batches = _client.GetWriteApi(new WriteOptions
        {
            BatchSize = _options.BatchSize,
            FlushInterval = Milliseconds(_options.FlushInterval),
            RetryInterval = Milliseconds(_options.RetryDelay),
            MaxRetries = _options.MaxRetries,
            MaxRetryDelay = Milliseconds(_options.MaxRetryDelay),
            ExponentialBase = _options.ExponentialBase,
        });
        _batches.EventHandler += OnWriteEvent;
        _single = _client.GetWriteApiAsync();
        _pump = Task.Run(PumpAsync);
    }

    public long Written => Interlocked.Read(ref _written);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Write requests that failed (each retry counts).</summary>
    public long FailedRequests => Interlocked.Read(ref _failedRequests);

    /// <summary>Accepted and neither written nor dropped yet.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Takes the point and returns: the client's conversion and batching run on the writer's own task, off the caller's.</summary>
    public void Write(TimeSeriesPoint point)
    {
        if (Interlocked.Increment(ref _pending) > _options.BufferCapacity)
        {
            Interlocked.Decrement(ref _pending);
            Drop(1, "buffer_full");
            return;
        }

        if (_queue.Writer.TryWrite(point)) return;
        Settle(1);
        Drop(1, "shutdown");
    }

    private async Task PumpAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var point))
            {
                try
                {
                    if (InfluxPoints.From(point) is { } data)
                    {
                        lock (_gate) _batches.WritePoint(data);
                        continue;
                    }

                    Settle(1);
                    Drop(1, "invalid");
                    LogInvalid(point.Measurement);
                }
                catch (Exception error)
                {
                    Settle(1);
                    Drop(1, "failed");
                    LogPointFailed(point.Measurement, error);
                }
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Writes what it holds: the client flushes its batches, then refused batches finish splitting.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _pump.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate) _stopped = true;
        // Dispose blocks until the client has written (and retried) what it holds, for at most 30 s.
        await Task.Run(_batches.Dispose, CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(DrainTimeout);
        try
        {
            while (Pending > 0) await Task.Delay(20, drain.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var lost = Interlocked.Exchange(ref _pending, 0);
            Drop(lost, "shutdown");
            LogShutdownLoss(lost);
        }
    }

    private void OnWriteEvent(object? sender, EventArgs e)
    {
        switch (e)
        {
            case WriteSuccessEvent success:
                Wrote(LineCount(success.LineProtocol));
                break;
            case WriteRetriableErrorEvent retry:
                FailedRequest();
                LogRetrying(retry.Exception.Message, retry.RetryInterval);
                break;
            case WriteErrorEvent error when IsRefusal(error.Exception):
                FailedRequest();
                var refused = Lines(error.LineProtocol);
                LogBatchRefused(refused.Length, error.Exception.Message);
                _ = IsolateAsync(refused);
                break;
            case WriteErrorEvent error:
                FailedRequest();
                var lost = LineCount(error.LineProtocol);
                Settle(lost);
                Drop(lost, "failed");
                LogBatchDropped(lost, error.Exception.Message);
                break;
            case WriteRuntimeExceptionEvent broken:
                LogWriterBroken(broken.Exception);
                break;
        }
    }

    /// <summary>
    /// A refused batch is sent again in halves, alone, until each refused point stands alone: only those are
    /// dropped. A server that stores the points before a bad line and refuses the request anyway (as
    /// VictoriaMetrics does) gets those points again; InfluxDB overwrites a point of the same series and time.
    /// </summary>
    private async Task IsolateAsync(string[] lines)
    {
        if (lines.Length == 1)
        {
            Settle(1);
            Drop(1, "refused");
            LogPointRefused(lines[0].Length > 200 ? lines[0][..200] + "…" : lines[0]);
            return;
        }

        var half = lines.Length / 2;
        await SendAloneAsync(lines[..half]).ConfigureAwait(false);
        await SendAloneAsync(lines[half..]).ConfigureAwait(false);
    }

    private async Task SendAloneAsync(string[] lines)
    {
        try
        {
            await _single.WriteRecordsAsync(lines, WritePrecision.Ms).ConfigureAwait(false);
            Wrote(lines.Length);
        }
        catch (Exception error) when (IsRefusal(error))
        {
            FailedRequest();
            await IsolateAsync(lines).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            // Not a refusal (the server went away meanwhile): back to the batching path and its retries.
            FailedRequest();
            LogRetrying(error.Message, 0);
            lock (_gate)
            {
                if (!_stopped)
                {
                    _batches.WriteRecords(lines, WritePrecision.Ms);
                    return;
                }
            }

            Settle(lines.Length);
            Drop(lines.Length, "shutdown");
        }
    }

    /// <summary>The server read the request and will not take it as it is: retrying the same body cannot help.</summary>
    private static bool IsRefusal(Exception error) => error is HttpException { Status: 400 or 413 };

    // The client joins a batch's points with '\n' and escapes line breaks in names and tags; InfluxPoints keeps them out of string fields.
    private static string[] Lines(string lineProtocol) => lineProtocol.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static int LineCount(string lineProtocol) => lineProtocol.Length == 0 ? 0 : lineProtocol.AsSpan().Count('\n') + 1;

    private static int Milliseconds(TimeSpan span) => (int)Math.Max(1, span.TotalMilliseconds);

    private void Wrote(int count)
    {
        Settle(count);
        Interlocked.Add(ref _written, count);
        WrittenCounter.Add(count);
    }

    private void FailedRequest()
    {
        Interlocked.Increment(ref _failedRequests);
        FailedWrites.Add(1);
    }

    private void Settle(long count) => Interlocked.Add(ref _pending, -count);

    private void Drop(long count, string reason)
    {
        if (count == 0) return;
        Interlocked.Add(ref _dropped, count);
        DroppedCounter.Add(count, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        lock (_gate) _stopped = true;
        _client.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Time series write failed ({Reason}); retrying in {DelayMs} ms")]
    private partial void LogRetrying(string reason, long delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The time series server refused a batch of {Count} points ({Reason}); sending it again in halves to find the refused points")]
    private partial void LogBatchRefused(int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The time series server refused a point, dropped: {Line}")]
    private partial void LogPointRefused(string line);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dropped a batch of {Count} points: {Reason}")]
    private partial void LogBatchDropped(int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a '{Measurement}' point with no field the time series can carry")]
    private partial void LogInvalid(string measurement);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dropped a '{Measurement}' point the client would not take")]
    private partial void LogPointFailed(string measurement, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} points were still unwritten when the drain timed out at shutdown, dropped")]
    private partial void LogShutdownLoss(long count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The time series write pipeline stopped")]
    private partial void LogWriterBroken(Exception error);
}
