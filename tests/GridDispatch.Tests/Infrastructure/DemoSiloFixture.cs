namespace GridDispatch.Tests.Infrastructure;

/// <summary>The real silo process with <c>--demo</c> (demo townships, demo credentials) and an Orleans client to look inside.</summary>
public sealed class DemoSiloFixture : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("demo-silo");
    private SiloWithClient _silo = null!;

    public SiloProcess Silo => _silo.Silo;

    public IClusterClient Grains => _silo.Grains;

    /// <summary>The silo's history store (SQLite, beside its grain database).</summary>
    public string HistoryDb => Path.Combine(_folder, "demo.history.db");

    // Many test classes share one silo and all of them come from 127.0.0.1: the per-address login and MQTT
    // failure allowances are raised so that one class's wrong passwords cannot lock out the next class.
    // (The throttles themselves are tested on silos of their own, at their defaults.)
    // A lamp a test made speak falls silent afterwards: at the default 60 s interval its COMM_LOSS (three
    // intervals later) opened work orders that loaded the lamp teams and regrouped alarm rows under later
    // tests, depending on how long the suite had run. Here the interval is an hour; COMM_LOSS is tested elsewhere.
    public async Task InitializeAsync() => _silo = await SiloWithClient.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "demo.db"),
        "--Accounts:LoginsPerMinute=10000", "--Mqtt:FailedConnectsPerAddress=100000", "--Streetlights:Faults:ReportInterval=01:00:00",
        // Tests here report whatever values they are about, switching a lamp on and off many times an hour and drawing any
        // current, off or on: judged as LAMP_CYCLING, POWER_HIGH/LOW or RELAY_FAILURE, those opened work orders that loaded
        // the lamp teams and regrouped alarm rows under later tests. Those conditions are tested on grains (LampHealthTests).
        "--Streetlights:Faults:CyclingSwitches=1000", "--Streetlights:Faults:PowerTolerance=10", "--Streetlights:Faults:RelayStuckCurrent=10");

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
