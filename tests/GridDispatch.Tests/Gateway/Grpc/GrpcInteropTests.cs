using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Grpc;

/// <summary>Every handheld RPC called by a stock client we did not write (@grpc/grpc-js), against the real silo process.</summary>
[Collection(DemoSiloCollections.Edge)]
public sealed class GrpcInteropTests(DemoSiloFixture f)
{
    // gRPC status codes, as any gRPC client reports them.
    private const int InvalidArgument = 3, DeadlineExceeded = 4, NotFound = 5, PermissionDenied = 7, ResourceExhausted = 8, FailedPrecondition = 9, Unauthenticated = 16;

    private static readonly TownshipTopology Yimen = DemoTownships.Yimen();
    private static readonly Village Village = Yimen.Villages[0];
    private static readonly string Leader = Village.Leader!.Id;
    private static readonly string Cell = Village.Groups[0].Neighbourhoods[0].Id;
    private static readonly string Team = Yimen.Responders.First(r => r.HomeAreas.Contains(Village.Id) && r.Skills.Contains("lighting")).Id;

    private Task<JsonElement> Call(string? token, string call, object args) =>
        NodePeer.RunAsync("grpc-client.mjs", $"127.0.0.1:{f.Silo.GrpcPort}", token ?? "-", call, JsonSerializer.Serialize(args));

    private static object Blow(string whistleId, string text, string severity = "minor", string? township = null, string? cell = null) => new
    {
        request = new { township = township ?? "yimen", cellId = cell ?? Cell, whistleId, category = "lighting", severity, text },
    };

    private static JsonElement Ok(JsonElement result)
    {
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        return result.GetProperty("reply");
    }

    private static void Refused(JsonElement result, int code)
    {
        Assert.False(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal(code, result.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_leaders_whistle_reaches_the_village_teams_stream_and_the_whole_loop_runs_over_grpc_js()
    {
        var text = $"路灯全灭 {Guid.NewGuid():N}";
        var stream = Call($"demo-{Team}", "subscribe", new { request = new { responderId = Team }, until = text, deadlineMs = 20_000 });
        await Task.Delay(1500); // let the subscription open before the whistle

        var blown = Ok(await Call($"demo-{Leader}", "blow", Blow("grpc-w1", text)));
        var again = Ok(await Call($"demo-{Leader}", "blow", Blow("grpc-w1", text)));
        var incident = blown.GetProperty("incidentId").GetString()!;
        Assert.Equal(incident, again.GetProperty("incidentId").GetString());
        Assert.False(blown.GetProperty("duplicate").GetBoolean());
        Assert.True(again.GetProperty("duplicate").GetBoolean());

        var offered = Ok(await stream).EnumerateArray().Last();
        Assert.Equal(("offered", incident), (offered.GetProperty("kind").GetString(), offered.GetProperty("incidentId").GetString()));

        var workOrder = new { request = new { responderId = Team, incidentId = incident } };
        Assert.Equal("Acknowledged", Ok(await Call($"demo-{Team}", "acknowledge", workOrder)).GetProperty("incident").GetProperty("status").GetString());
        Assert.Equal("OnSite", Ok(await Call($"demo-{Team}", "arrive", workOrder)).GetProperty("incident").GetProperty("status").GetString());
        var resolved = Ok(await Call($"demo-{Team}", "resolve", new { request = new { responderId = Team, incidentId = incident, note = "换了灯头" } }));
        Assert.Equal("Resolved", resolved.GetProperty("incident").GetProperty("status").GetString());
        var got = Ok(await Call($"demo-{Leader}", "get", new { request = new { id = incident } }));
        Assert.Contains(got.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "Arrived");
        var status = Ok(await Call($"demo-{Team}", "updateStatus", new { request = new { responderId = Team, status = "Available", lat = 26.78, lon = 102.30 } }));
        Assert.Equal("Available", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Callers_without_a_token_or_outside_their_scope_get_the_standard_codes()
    {
        Refused(await Call(null, "blow", Blow("grpc-w2", "x")), Unauthenticated);
        Refused(await Call("demo-nobody", "get", new { request = new { id = "x" } }), Unauthenticated);
        var otherTownshipCell = DemoTownships.Zhangguan().Villages[0].Id;
        Refused(await Call($"demo-{Leader}", "blow", Blow("grpc-w3", "x", township: "zhangguan", cell: otherTownshipCell)), PermissionDenied);
        var otherTeam = Yimen.Responders.First(r => r.Id != Team).Id;
        Refused(await Call($"demo-{Team}", "updateStatus", new { request = new { responderId = otherTeam, status = "OffDuty" } }), PermissionDenied);
        Refused(await Call($"demo-{Team}", "subscribe", new { request = new { responderId = otherTeam } }), PermissionDenied);
        Refused(await Call($"demo-{Leader}", "blow", Blow("grpc-w4", "x", severity: "apocalyptic")), InvalidArgument);
        Refused(await Call($"demo-{Leader}", "blow", Blow("bad id!", "x")), InvalidArgument);
        Refused(await Call("demo-admin", "get", new { request = new { id = "yimen-w-none" } }), NotFound);
    }

    [Fact]
    public async Task A_watch_past_its_deadline_ends_with_deadline_exceeded_and_a_cancelled_stream_leaves_the_server_serving()
    {
        var incident = Ok(await Call($"demo-{Leader}", "blow", Blow("grpc-w5", "路灯闪烁", severity: "micro"))).GetProperty("incidentId").GetString();

        var watched = await Call($"demo-{Leader}", "watch", new { request = new { id = incident }, deadlineMs = 800 });
        Refused(watched, DeadlineExceeded);

        // The client cancels as soon as it has the first message.
        var cancelled = Ok(await Call($"demo-{Leader}", "watch", new { request = new { id = incident }, until = incident }));
        Assert.Equal(incident, cancelled.EnumerateArray().First().GetProperty("incident").GetProperty("id").GetString());
        Assert.Equal(incident, Ok(await Call($"demo-{Leader}", "get", new { request = new { id = incident } })).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_responder_urged_by_the_command_centre_gets_the_notice_on_its_grpc_js_stream()
    {
        var incident = Ok(await Call($"demo-{Leader}", "blow", Blow("grpc-urge-" + Guid.NewGuid().ToString("N")[..8], "路灯杆倾斜"))).GetProperty("incidentId").GetString()!;
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var assigned = await Send(admin, incident, "assign", new { responderId = Team, reason = "就近" });
        Assert.True(assigned is HttpStatusCode.OK or HttpStatusCode.Conflict, $"assign: {assigned}"); // 409: the dispatcher had already chosen them

        var note = $"请尽快到场 {Guid.NewGuid():N}";
        var stream = Call($"demo-{Team}", "subscribe", new { request = new { responderId = Team }, until = note, deadlineMs = 20_000 });
        // Urged until the open stream carries it: an urge before the subscription is open is not replayed.
        for (var attempt = 0; !stream.IsCompleted && attempt < 15; attempt++)
        {
            var urge = await Send(admin, incident, "urge", new { responderId = Team, note });
            Assert.True(urge is HttpStatusCode.OK or HttpStatusCode.PreconditionFailed, $"urge: {urge}"); // 412: their simulated handheld moved it meanwhile
            await Task.WhenAny(stream, Task.Delay(1_000));
        }

        var urged = Ok(await stream).EnumerateArray().Last();
        Assert.Equal(("urged", incident, note, "admin"),
            (urged.GetProperty("kind").GetString(), urged.GetProperty("incidentId").GetString(), urged.GetProperty("note").GetString(), urged.GetProperty("urgedBy").GetString()));
        Assert.True(urged.GetProperty("urges").GetInt32() >= 1);
        Assert.True(urged.GetProperty("urgedAt").GetInt64() > DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds());
    }

    /// <summary>A command-centre action with the incident's current version.</summary>
    private static async Task<HttpStatusCode> Send(HttpClient http, string incident, string action, object body)
    {
        var etag = (await http.GetAsync($"/api/incidents/{incident}")).Headers.ETag!.Tag;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incident}/{action}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return (await http.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task A_decline_goes_to_someone_else_and_duty_and_position_work_over_grpc_js()
    {
        // The whistle carries two photos (1×1 PNGs, `photo` then `photos`), served back over HTTP in order; a photo that is no image refuses the whistle.
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        byte[] png2 = [.. png, 0];
        var whistleId = "grpc-decline-" + Guid.NewGuid().ToString("N")[..8];
        Refused(await Call($"demo-{Leader}", "blow", new
        {
            request = new { township = "yimen", cellId = Cell, whistleId, category = "lighting", severity = "minor", text = "路灯不亮",
                photo = new { contentType = "text/plain", data = Convert.ToBase64String(png) } },
        }), InvalidArgument);
        var incident = Ok(await Call($"demo-{Leader}", "blow", new
        {
            request = new { township = "yimen", cellId = Cell, whistleId, category = "lighting", severity = "minor", text = "路灯不亮",
                photo = new { contentType = "image/png", data = Convert.ToBase64String(png) },
                photos = new[] { new { contentType = "image/png", data = Convert.ToBase64String(png2) } } },
        })).GetProperty("incidentId").GetString()!;
        using (var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin"))
        {
            Assert.Equal(png, await admin.GetByteArrayAsync($"/api/incidents/{incident}/photos/0"));
            Assert.Equal(png2, await admin.GetByteArrayAsync($"/api/incidents/{incident}/photos/1"));
        }

        var holder = (await Eventually.Holds(() => f.Grains.GetGrain<GridDispatch.Grains.Incidents.IIncidentGrain>(incident).Get(), i => i?.ResponderId is not null,
            TimeSpan.FromSeconds(20), "dispatched"))!.ResponderId!;
        Refused(await Call($"demo-{holder}", "decline", new { request = new { responderId = holder, incidentId = incident, reason = "" } }), InvalidArgument);
        Ok(await Call($"demo-{holder}", "decline", new { request = new { responderId = holder, incidentId = incident, reason = "车辆故障", requestId = "grpc-decline-1" } }));
        var next = (await Eventually.Holds(() => f.Grains.GetGrain<GridDispatch.Grains.Incidents.IIncidentGrain>(incident).Get(),
            i => i?.ResponderId is { } r && r != holder, TimeSpan.FromSeconds(2), "re-dispatched to someone else"))!.ResponderId!;
        // The older UpdateStatus keeps 下班's rule: not while holding a work order.
        Refused(await Call($"demo-{next}", "updateStatus", new { request = new { responderId = next, status = "OffDuty" } }), FailedPrecondition);

        // A team holding nothing: off duty it shares no position; on duty one position per interval.
        var cards = await f.Grains.GetGrain<GridDispatch.Grains.Dispatch.IDispatcherGrain>("yimen").GetResponders();
        var idle = cards.First(c => c.Id != holder && c.Team && c.Load == 0 && c.Status == GridDispatch.Grains.Dispatch.ResponderStatus.Available).Id;
        Assert.Equal("OffDuty", Ok(await Call($"demo-{idle}", "setDuty", new { request = new { responderId = idle, onDuty = false } })).GetProperty("status").GetString());
        Refused(await Call($"demo-{idle}", "reportPosition", new { request = new { responderId = idle, lat = 24.66, lon = 102.15 } }), FailedPrecondition);
        Assert.Equal("Available", Ok(await Call($"demo-{idle}", "setDuty", new { request = new { responderId = idle, onDuty = true } })).GetProperty("status").GetString());
        var moved = Ok(await Call($"demo-{idle}", "reportPosition", new { request = new { responderId = idle, lat = 24.66, lon = 102.15 } }));
        Assert.Equal(24.66, moved.GetProperty("lat").GetDouble());
        Refused(await Call($"demo-{idle}", "reportPosition", new { request = new { responderId = idle, lat = 24.67, lon = 102.15 } }), ResourceExhausted);
        Refused(await Call($"demo-{idle}", "setDuty", new { request = new { responderId = holder, onDuty = false } }), PermissionDenied);
    }

    [Fact]
    public async Task An_emergency_call_out_reaches_the_called_persons_grpc_js_stream()
    {
        const string person = "zhangguan-C02";
        var reason = $"防汛演练 {Guid.NewGuid():N}";
        var stream = Call($"demo-{person}", "subscribe", new { request = new { responderId = person }, until = reason, deadlineMs = 20_000 });
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var village = DemoTownships.Zhangguan().Villages[0].Id;
        // Until the stream is open (it sends nothing before), the call-out is simply called again.
        try
        {
            var heard = await Eventually.Holds(async () =>
            {
                (await admin.PostAsJsonAsync("/api/townships/zhangguan/mode", new { mode = "Normal" })).EnsureSuccessStatusCode();
                (await admin.PostAsJsonAsync("/api/townships/zhangguan/mode", new { mode = "Emergency", reason, villages = new[] { village } })).EnsureSuccessStatusCode();
                return await Task.WhenAny(stream, Task.Delay(1000)) == stream;
            }, h => h, TimeSpan.FromSeconds(15), "the call-out on the stream");
            var called = Ok(await stream).EnumerateArray().Last();
            Assert.Equal(("called", "zhangguan", reason), (called.GetProperty("kind").GetString(), called.GetProperty("township").GetString(), called.GetProperty("reason").GetString()));
        }
        finally
        {
            (await admin.PostAsJsonAsync("/api/townships/zhangguan/mode", new { mode = "Normal" })).EnsureSuccessStatusCode();
        }
    }
}
