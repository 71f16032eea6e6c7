using System.Collections.Concurrent;
using GridDispatch.Grains.Common;
using GridDispatch.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// In-process Orleans test clusters on the production provider wiring
/// (<see cref="SiloHostBuilderExtensions.AddDurableProviders"/>): SQLite for the embedded profile,
/// Redis for the cluster profile. Clusters built from the same settings share their storage, so a
/// test can stop one and start another to prove state survives.
/// </summary>
public sealed class TestSilos
{
    private static readonly ConcurrentDictionary<string, ITestOutputHelper> Outputs = new();
    private static readonly ConcurrentDictionary<string, TimeProvider> Clocks = new();
    private readonly Dictionary<string, string> _properties;
    private readonly string _serviceId = $"test-{Guid.NewGuid():N}"[..20];

    private TestSilos(Dictionary<string, string> properties, ITestOutputHelper? output)
    {
        _properties = properties;
        if (output is null) return;
        var key = Guid.NewGuid().ToString("N");
        Outputs[key] = output;
        _properties["Test:Output"] = key;
    }

    /// <summary>Embedded profile: grain state and reminders in the SQLite file at <paramref name="databasePath"/>.</summary>
    public static TestSilos Embedded(string databasePath, ITestOutputHelper? output) => new(new()
    {
        ["Test:Profile"] = nameof(SiloProfile.Embedded),
        ["Sqlite:DataSource"] = databasePath,
    }, output);

    /// <summary>Cluster profile: Orleans' Redis storage and reminders; with <paramref name="redisMembership"/>, Redis clustering too.</summary>
    public static TestSilos OnRedis(string redisConfiguration, ITestOutputHelper output, bool redisMembership = false) => new(new()
    {
        ["Test:Profile"] = nameof(SiloProfile.Cluster),
        ["Redis:Configuration"] = redisConfiguration,
        ["Test:RedisMembership"] = redisMembership ? "true" : "false",
    }, output);

    /// <summary>Runs the domain (not Orleans) on <paramref name="clock"/>, e.g. a FakeTimeProvider, for scenarios in virtual time.</summary>
    public TestSilos WithDomainClock(TimeProvider clock)
    {
        var key = Guid.NewGuid().ToString("N");
        Clocks[key] = clock;
        _properties["Test:Clock"] = key;
        return this;
    }

    /// <summary>Any silo setting, as in appsettings (e.g. <c>Incidents:ReviewEvery</c>).</summary>
    public TestSilos With(string key, string value)
    {
        _properties[key] = value;
        return this;
    }

    public async Task<TestCluster> StartAsync(short silos = 1)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ServiceId = _serviceId;
        builder.Options.UseTestClusterMembership = _properties.GetValueOrDefault("Test:RedisMembership") != "true";
        foreach (var (key, value) in _properties) builder.Properties[key] = value;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var configuration = silo.Configuration;
            var profile = Enum.Parse<SiloProfile>(configuration["Test:Profile"]!);
            silo.AddDurableProviders(profile, configuration["Redis:Configuration"]);
            if (configuration["Test:RedisMembership"] == "true")
                silo.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(configuration["Redis:Configuration"]!));

            // Production keeps Orleans' one-minute floor; tests need reminders that fire in seconds.
            silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromMilliseconds(500));
            silo.Services.TryAddSingleton(TimeProvider.System);
            if (configuration["Test:Clock"] is { } clockKey && Clocks.TryGetValue(clockKey, out var clock))
                silo.Services.AddSingleton(new DomainClock(clock));
            silo.Services.AddGridDispatchDomain();
            if (configuration["Test:Output"] is { } key && Outputs.TryGetValue(key, out var output))
                silo.Services.AddLogging(logging => logging.AddProvider(new XunitLoggerProvider(output, LogLevel.Warning)));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client)
        {
            if (configuration["Test:RedisMembership"] == "true")
                client.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(configuration["Redis:Configuration"]!));
        }
    }
}
