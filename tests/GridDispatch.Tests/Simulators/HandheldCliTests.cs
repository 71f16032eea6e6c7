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

    [Fact]
    public async Task A_responder_on_the_cli_declines_goes_off_and_on_duty_and_reports_a_position()
    {
        var blown = await Run("--token", "demo-admin", "whistle", "--township", "yimen", "--cell", "yimen-V04", "--category", "lighting", "--text", "路灯不亮",
            "--whistle-id", $"cli-decline-{Guid.NewGuid():N}"[..30]);
        Assert.Equal(0, blown.Exit);
        var id = blown.Output.Trim().Split(' ')[0];
        var holder = (await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(id).Get(), i => i?.ResponderId is not null, TimeSpan.FromSeconds(20), "dispatched"))!.ResponderId!;
        var declined = await Run("--token", $"demo-{holder}", "decline", "--responder", holder, "--incident", id, "--reason", "车辆故障");
        Assert.True(declined.Exit == 0, declined.Output);
        await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(id).Get(), i => i!.ResponderId != holder, TimeSpan.FromSeconds(2), "re-dispatched");

        // A team holding nothing (下班 is refused while work is held).
        var idle = (await f.Grains.GetGrain<GridDispatch.Grains.Dispatch.IDispatcherGrain>("yimen").GetResponders())
            .Last(c => c.Team && c.Load == 0 && c.Status == GridDispatch.Grains.Dispatch.ResponderStatus.Available && c.Id != holder).Id;
        var off = await Run("--token", $"demo-{idle}", "duty", "--responder", idle, "--on", "false");
        var refused = await Run("--token", $"demo-{idle}", "position", "--responder", idle, "--lat", "24.7", "--lon", "102.2");
        var on = await Run("--token", $"demo-{idle}", "duty", "--responder", idle, "--on", "true");
        var moved = await Run("--token", $"demo-{idle}", "position", "--responder", idle, "--lat", "24.7", "--lon", "102.2");
        Assert.Equal($"{idle} OffDuty", off.Output.Trim());
        Assert.Equal(1, refused.Exit);
        Assert.Contains("FailedPrecondition", refused.Output);
        Assert.Equal($"{idle} Available", on.Output.Trim());
        Assert.Equal($"{idle} Available 24.7,102.2", moved.Output.Trim());
    }
}
