using GridDispatch.Tests.Grains.Lighting;
using GridDispatch.Tests.Infrastructure;
using GridDispatch.Tests.Security;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("GridDispatch.Tests.Infrastructure.LongestFirst", "GridDispatch.Tests")]

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// Starts the test collections that take longest first. xunit runs two collections at a time (xunit.runner.json) in
/// the order it is given; in its own order (which changes with each build) a run ended once with the cluster
/// failover test (150 s) alone on one core for its last 45 s, the other idle. Longest first leaves the short
/// collections to fill the end. A collection not listed keeps xunit's order, after these.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    // Wall seconds in a full run on 2 cores (2026-11-30): collections of 15 s and more. Update when one grows.
    private static readonly string[] Longest =
    [
        DemoSiloCollections.Screen,   // 310 s: the browser tests and the HTTP API on one demo silo
        "ClusterFailoverTests",       // 150 s: a cluster of 8 processes started, a silo killed, stopped
        DemoSiloCollections.Edge,     //  90 s
        "ReportsBrowserTests",        //  70 s
        "RedisOutageTests",           //  60 s
        "ReadmeCommandsTests",        //  60 s
        "SharedBrokerPublisherTests", //  55 s
        "OperationsTests",            //  50 s
        "SiloProcessTests",           //  40 s
        "ScenarioTests",              //  40 s
        "DemoGateTests",              //  40 s
        SecuritySiloCollection.Name,  //  35 s
        "DemoLifeTests",              //  25 s
        "IncidentListCrashTests",     //  25 s
        "ExternalBrokerTests",        //  25 s
        "ExternalBrokerOverloadTests", // 25 s
        "BrokerRestartTests",         //  25 s
        "IncidentRateLimitTests",     //  20 s
        "AlarmIncidentCrashTests",    //  20 s
        "IncidentCrashTests",         //  20 s
        LightingCluster.Name,
        "CrashRecoveryTests",
        "RollupStormTests",
        "TelemetryKillReplayTests",
        "MqttLoginThrottleTests",
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(Rank); // stable: the rest keep xunit's order

    /// <summary>A collection's place in <see cref="Longest"/>: a shared collection by its name, a class's own by the class's name.</summary>
    private static int Rank(ITestCollection collection)
    {
        var name = collection.CollectionDefinition is not null
            ? collection.DisplayName
            : collection.DisplayName[(collection.DisplayName.LastIndexOf('.') + 1)..];
        var rank = Array.IndexOf(Longest, name);
        return rank < 0 ? Longest.Length : rank;
    }
}
