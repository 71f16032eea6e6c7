using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Simulators;

/// <summary>The handheld CLI (<c>griddispatch-sim handheld …</c>, Grpc.Net.Client) against the real silo with the demo.</summary>
[Collection(DemoSiloCollections.Edge)]
public sealed class HandheldCliTests(DemoSiloFixture f)
{
    private Task<(int Exit, string Output)> Run(params string[] arguments) =>
        SimulatorCli.RunAsync(["handheld", "--server", $"http://127.0.0.1:{f.Silo.GrpcPort}", .. arguments]);

    [Fact]
    public async Task A_whistle_from_the_cli_opens_an_incident_once_and_a_bad_token_is_told_unauthenticated()
    {
        var first = await Run("--token", "demo-admin", "whistle", "--township", "yimen", "--cell", "yimen-V03", "--category", "water", "--severity", "minor",
            "--text", "水管破裂", "--whistle-id", "cli-1");
        // The same whistle again (same content: another under the same id would be refused as a conflict).
        var again = await Run("--token", "demo-admin", "whistle", "--township", "yimen", "--cell", "yimen-V03", "--category", "water", "--severity", "minor",
            "--text", "水管破裂", "--whistle-id", "cli-1");
        var stranger = await Run("--token", "demo-nobody", "whistle", "--township", "yimen", "--cell", "yimen-V03", "--text", "x");

        var id = IncidentIds.For("yimen", IncidentSource.Whistle, "cli-1");
        Assert.Equal(0, first.Exit);
        Assert.StartsWith(id, first.Output.Trim());
        Assert.Matches("受理编号 益门-\\d{4}-\\d{4}$", first.Output.Trim()); // to read back over the phone
        Assert.Contains("(duplicate)", again.Output);
        Assert.NotNull(await f.Grains.GetGrain<IIncidentGrain>(id).Get());
        Assert.Equal(1, stranger.Exit);
        Assert.Contains("Unauthenticated", stranger.Output);
    }
}
