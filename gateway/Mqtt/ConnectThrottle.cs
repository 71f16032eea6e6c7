using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// Slows down password guessing over MQTT: each failed CONNECT takes a token from its remote address's
/// bucket and from its address-and-username's bucket (<see cref="MqttOptions.FailedConnectsPerAddress"/>,
/// <see cref="MqttOptions.FailedConnectsPerUser"/> per minute, refilled evenly). While either is empty,
/// CONNECTs from there are refused before any credential is looked at. Buckets that refill completely
/// are dropped by the limiter, so a flood of addresses does not stay in memory.
/// </summary>
public sealed class ConnectThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _byAddress;
    private readonly PartitionedRateLimiter<string> _byUser;

    public ConnectThrottle(IOptions<MqttOptions> options)
    {
        var o = options.Value;
        _byAddress = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => PerMinute(o.FailedConnectsPerAddress)));
        _byUser = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => PerMinute(o.FailedConnectsPerUser)));
    }

    private static TokenBucketRateLimiterOptions PerMinute(int failures) => new()
    {
        TokenLimit = failures, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromMinutes(1) / failures, QueueLimit = 0, AutoReplenishment = true,
    };

    /// <summary>Has this address, or this address with this username, used up its failures?</summary>
    public bool IsThrottled(string address, string? username) =>
        _byAddress.GetStatistics(address) is { CurrentAvailablePermits: <= 0 }
        || _byUser.GetStatistics(UserKey(address, username)) is { CurrentAvailablePermits: <= 0 };

    public void Failed(string address, string? username)
    {
        _byAddress.AttemptAcquire(address).Dispose();
        _byUser.AttemptAcquire(UserKey(address, username)).Dispose();
    }

    private static string UserKey(string address, string? username) => $"{address}\n{username?.ToLowerInvariant()}";

    public void Dispose()
    {
        _byAddress.Dispose();
        _byUser.Dispose();
    }
}
