using System.Net;
using System.Net.Http.Json;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace GridDispatch.Tests.Security;

/// <summary>Finding 1: a township's admin may not bind a login to another township's people, and such a login opens no edge.</summary>
[Collection(SecuritySiloCollection.Name)]
public sealed class AccountBindingTests(SecuritySilo s)
{
    private const int PermissionDenied = 7, Unauthenticated = 16;
    private static readonly TownshipTopology Zhangguan = DemoTownships.Zhangguan();
    private static readonly TownshipTopology Yimen = DemoTownships.Yimen();
    private static readonly string TheirResponder = Zhangguan.Responders[0].Id;

    [Fact]
    public async Task A_township_admin_cannot_bind_a_login_to_another_townships_responder_leader_or_village()
    {
        using var yimen = s.From("127.0.0.1", await s.TokenAsync("yimen"));
        var theirLeader = Zhangguan.Villages[0].Groups[0].Leader!.Id;
        object[] takeovers =
        [
            new { role = "Responder", township = "yimen", personId = TheirResponder, password = "takeover-pass-1" },
            new { role = "Leader", township = "yimen", personId = theirLeader, password = "takeover-pass-1" },
            new { role = "Village", township = "yimen", village = Zhangguan.Villages[0].Id, password = "takeover-pass-1" },
            new { role = "Responder", township = "yimen", personId = "nobody-at-all", password = "takeover-pass-1" },
        ];
        foreach (var body in takeovers)
            Assert.Equal(HttpStatusCode.BadRequest, (await yimen.PutAsJsonAsync("/api/accounts/takeover", body)).StatusCode);
        Assert.Null(await s.Grains.GetGrain<IAccountGrain>("takeover").Get());

        // Its own responder it may bind.
        var own = await yimen.PutAsJsonAsync("/api/accounts/own-team", new { role = "Responder", township = "yimen", personId = Yimen.Responders[0].Id, password = "own-team-pass-1" });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task A_login_bound_elsewhere_before_the_fix_opens_no_edge()
    {
        // Saved straight into the grain, as the old endpoint accepted it, with a token issued then.
        const string name = "legacy-takeover", password = "legacy-pass-123";
        Assert.Null(await s.Grains.GetGrain<IAccountGrain>(name).Set(new AccountProfile
        {
            Name = name, DisplayName = "x", Role = AccountRole.Responder, Township = "yimen", PersonId = TheirResponder,
        }, password));
        var token = await s.IssueDirectlyAsync(name);

        using var http = s.From("127.0.0.1", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/responders/{TheirResponder}/work-orders")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.LoginAsync("127.0.0.1", name, password)).StatusCode);

        var workOrder = new { request = new { responderId = TheirResponder, incidentId = "zhangguan-x" } };
        Assert.Equal(Unauthenticated, Code(await s.GrpcAsync(token, "acknowledge", workOrder)));
        Assert.Equal(Unauthenticated, Code(await s.GrpcAsync(token, "updateStatus", new { request = new { responderId = TheirResponder, status = "OffDuty" } })));
        Assert.Equal(Unauthenticated, Code(await s.GrpcAsync(token, "subscribe", new { request = new { responderId = TheirResponder }, deadlineMs = 5_000 })));

        await using var hub = CommandCentreClient.Hub(s.Silo.BaseAddress, token);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => hub.StartAsync());

        var mqtt = await Mosquitto.PubAsync("-h", "127.0.0.1", "-p", s.Silo.MqttPort.ToString(), "-u", name, "-P", password, "-i", "legacy-takeover-1",
            "-t", $"gd/zhangguan/responder/{TheirResponder}/status", "-m", "{}");
        Assert.NotEqual(0, mqtt.ExitCode);
    }

    [Fact]
    public async Task A_township_command_centre_cannot_act_for_another_townships_responder_over_grpc()
    {
        var token = await s.TokenAsync("yimen");
        var result = await s.GrpcAsync(token, "updateStatus", new { request = new { responderId = TheirResponder, status = "OffDuty" } });
        Assert.Equal(PermissionDenied, Code(result));
        Assert.Equal(PermissionDenied, Code(await s.GrpcAsync(token, "subscribe", new { request = new { responderId = TheirResponder }, deadlineMs = 5_000 })));
    }

    private static int Code(System.Text.Json.JsonElement result)
    {
        Assert.False(result.GetProperty("ok").GetBoolean(), result.ToString());
        return result.GetProperty("code").GetInt32();
    }
}
