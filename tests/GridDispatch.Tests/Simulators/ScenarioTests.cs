using Xunit.Abstractions;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Simulators;

/// <summary>
/// Each scripted scenario (<c>griddispatch-sim scenario NAME</c>) against a running silo with the demo,
/// checked through the public HTTP API by the scenario itself: exit 0 only if the platform showed the
/// expected incidents, escalations and closures. Deadlines, and the review that escalates on them, are
/// shortened so the typhoon's escalation happens seconds into the test (the scenario reads the deadlines).
/// </summary>
public sealed class ScenarioTests : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("scenarios");
    private readonly ITestOutputHelper _output;
    private SiloProcess _silo = null!;

    public ScenarioTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "s.db"),
        "--Incidents:Emergency:Respond=00:00:20", "--Streetlights:Faults:ClearAfterReports=2",
        "--Reminders:MinimumReminderPeriod=00:00:01", "--Incidents:ReviewEvery=00:00:02");

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<int> Run(string scenario)
    {
        var (exit, output) = await SimulatorCli.RunAsync("scenario", scenario, "--mqtt-port", _silo.MqttPort.ToString(), "--grpc-port", _silo.GrpcPort.ToString(),
            "--http", _silo.BaseAddress.ToString());
        _output.WriteLine(output);
        return exit;
    }

    // feeder-outage runs exactly as the README shows it, against the README's demo, in ReadmeCommandsTests.
    [Fact]
    public async Task Leakage_in_the_rain_and_a_typhoon_each_end_as_the_seeds_say()
    {
        Assert.Equal(0, await Run("leakage-in-the-rain"));
        Assert.Equal(0, await Run("typhoon"));
    }
}
