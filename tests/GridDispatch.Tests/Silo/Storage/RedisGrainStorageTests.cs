using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Silo.Storage;

/// <summary>The same contract, held by Orleans' Redis provider against a real redis-server (cluster profile).</summary>
public sealed class RedisGrainStorageTests(RedisFixture redis, ITestOutputHelper output)
    : GrainStorageConformance(output), IClassFixture<RedisFixture>
{
    protected override TestSilos CreateSilos() => TestSilos.OnRedis(redis.Server.Configuration, Output);
}
