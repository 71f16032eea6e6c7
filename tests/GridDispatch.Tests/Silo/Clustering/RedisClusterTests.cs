using GridDispatch.Tests.Infrastructure;
using GridDispatch.Tests.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Silo.Clustering;

/// <summary>The cluster profile: silos find each other through Redis membership, not the test harness.</summary>
public sealed class RedisClusterTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Two_silos_join_through_redis_and_a_grain_is_reachable_from_both()
    {
        await using var cluster = await TestSilos.OnRedis(redis.Server.Configuration, output, redisMembership: true).StartAsync(silos: 2);

        // A silo reads the membership table on its own schedule: the second may take a refresh to be listed as active.
        var hosts = await Eventually.Holds(() => cluster.GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true),
            h => h.Count == 2, TimeSpan.FromSeconds(30), "two active silos");

        // The membership rows are in Redis: the harness' own membership is switched off.
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration))
        {
            var keys = connection.GetServer(redis.Server.Configuration).Keys(pattern: $"*{cluster.Options.ClusterId}*").ToList();
            Assert.NotEmpty(keys);
        }

        // One grain, called through each silo's own runtime: one activation, one state.
        var shared = Guid.NewGuid().ToString("N");
        var addresses = new HashSet<string>();
        foreach (var silo in cluster.Silos)
        {
            var grains = cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IScoreGrain>(shared).Add(1, $"via {silo.SiloAddress}");
            addresses.Add(await grains.GetGrain<IScoreGrain>(shared).Where());
        }

        Assert.Single(addresses);
        Assert.Equal(2, (await cluster.GrainFactory.GetGrain<IScoreGrain>(shared).Get()).Total);

        // Placement spreads activations, so calls cross from one silo to the other. Read again until both host some: once,
        // under the suite's load, the joining silo's first grain-directory handoff from the other failed and 200 new
        // activations all went to one silo; the cluster must still use both within the deadline.
        var placed = await Eventually.Holds(async () =>
        {
            var seen = new HashSet<string>();
            for (var i = 0; i < 200 && seen.Count < 2; i++)
                seen.Add(await cluster.GrainFactory.GetGrain<IScoreGrain>($"spread-{Guid.NewGuid():N}").Where());
            return seen;
        }, seen => seen.Count == 2, TimeSpan.FromSeconds(30), "new activations on both silos");
        Assert.Equal(hosts.Keys.Select(a => a.ToString()).Order(), placed.Order());
    }
}
