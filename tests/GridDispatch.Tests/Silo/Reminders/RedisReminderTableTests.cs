using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Silo.Reminders;

/// <summary>The same contract, held by Orleans' Redis reminder table against a real redis-server.</summary>
public sealed class RedisReminderTableTests(RedisFixture redis, ITestOutputHelper output)
    : ReminderTableConformance(output), IClassFixture<RedisFixture>
{
    protected override TestSilos CreateSilos() => TestSilos.OnRedis(redis.Server.Configuration, Output);
}
