using GridDispatch.Silo.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GridDispatch.Silo.Health;

/// <summary>Readiness: the cluster's Redis answers a PING.</summary>
public sealed class RedisHealthCheck(IOptions<RedisOptions> options) : IHealthCheck, IAsyncDisposable
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await ConnectAsync();
            var latency = await connection.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"redis ping {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("redis unreachable", error);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        if (_connection is not null) return _connection;
        await _connectLock.WaitAsync();
        try
        {
            var configuration = ConfigurationOptions.Parse(options.Value.Configuration);
            configuration.AbortOnConnectFail = false;
            return _connection ??= await ConnectionMultiplexer.ConnectAsync(configuration);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _connectLock.Dispose();
    }
}
