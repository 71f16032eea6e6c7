using GridDispatch.Grains.Common;
using GridDispatch.Grains.Import;
using GridDispatch.Grains.Streetlights;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// A one-silo cluster on SQLite with the small township, the domain on a virtual clock, and the silo's
/// <see cref="CrashPoints"/> at hand: a test arms a point, lets a call die there, restarts the silo on
/// the same file (what was only in memory is gone) and checks that the system recovers.
/// </summary>
public sealed class CrashCluster(ITestOutputHelper output) : IAsyncDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("crash-points");
    private TestSilos? _silos;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 19, 0, 0, TimeSpan.FromHours(8)));

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public CrashPoints Points => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredService<CrashPoints>();

    /// <summary>The silo's liveness monitor: what it watches, and whether a mass silence holds.</summary>
    public LampLivenessMonitor Liveness => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredService<LampLivenessMonitor>();

    /// <summary>Streetlight grains active now: a test that must not wake lamps counts them.</summary>
    public async Task<int> StreetlightActivationsAsync() =>
        (await Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
        .Where(s => s.GrainType.Contains("Streetlight", StringComparison.Ordinal)).Sum(s => s.ActivationCount);

    public static async Task<CrashCluster> StartAsync(ITestOutputHelper output, Func<TestSilos, TestSilos>? configure = null)
    {
        var crash = new CrashCluster(output);
        crash._silos = TestSilos.Embedded(Path.Combine(crash._folder, "crash.db"), output).WithDomainClock(crash.Clock);
        if (configure is not null) crash._silos = configure(crash._silos);
        crash.Cluster = await crash._silos.StartAsync();
        await new TopologyImporter(crash.Cluster.Client).ImportAsync(SmallTownship.Build());
        return crash;
    }

    /// <summary>The points a call passes through, in no particular order.</summary>
    public async Task<IReadOnlyList<string>> PointsPassedBy(Func<Task> call)
    {
        Points.Record();
        lock (Points.Passed) Points.Passed.Clear();
        await call();
        lock (Points.Passed) return [.. Points.Passed.Order(StringComparer.Ordinal)];
    }

    /// <summary>Runs <paramref name="call"/> with <paramref name="point"/> armed; true if it died there.</summary>
    public async Task<bool> CrashAt(string point, Func<Task> call)
    {
        Points.Arm(point);
        try
        {
            await call();
        }
        catch (Exception e) when (e is InjectedCrashException || e.InnerException is InjectedCrashException)
        {
        }

        var fired = Points.Armed is null;
        Points.Disarm();
        return fired;
    }

    /// <summary>Kills the silo (no graceful deactivation) and starts it again on the same database: only what was written survives.</summary>
    public async Task RestartAsync()
    {
        await Cluster.KillSiloAsync(Cluster.Primary!);
        await Cluster.DisposeAsync();
        Cluster = await _silos!.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException e)
        {
            output.WriteLine($"left {_folder}: {e.Message}");
        }
    }
}
