using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Http;

/// <summary>
/// The command centre's actions over HTTP (#18) on the real demo silo: each succeeds, is refused outside the
/// caller's scope, as an illegal transition, for an unknown id and for a stale version, and lands in the audit log.
/// The demo's simulated responders work on the same incidents, so a step that only needs the latest version
/// reads it again (<see cref="Act"/>); the races themselves are tested on purpose, with one version sent twice.
/// </summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class IncidentCommandApiTests(DemoSiloFixture f)
{
    private static readonly TownshipTopology Yimen = DemoTownships.Yimen();

    private Task<HttpClient> As(string user) => CommandCentreClient.HttpAsync(f.Silo.BaseAddress, user);

    private static string Cell(int village) => Yimen.Villages[village].Groups[0].Neighbourhoods[0].Id;

    private async Task<string> Whistle(HttpClient http, int village, string category = "road")
    {
        var blown = await http.PostAsJsonAsync("/api/whistles", new
        {
            township = "yimen", cellId = Cell(village), whistleId = "cmd-" + Guid.NewGuid().ToString("N")[..12], category, severity = "minor", text = "指挥中心测试",
        });
        Assert.True(blown.IsSuccessStatusCode, await blown.Content.ReadAsStringAsync());
        return (await blown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<(JsonElement Incident, string ETag)> Read(HttpClient http, string id)
    {
        var response = await http.GetAsync($"/api/incidents/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.ETag!.Tag);
    }

    private static Task<HttpResponseMessage> Post(HttpClient http, string id, string action, object body, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{id}/{action}") { Content = JsonContent.Create(body) };
        if (etag is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return http.SendAsync(request);
    }

    /// <summary>Sends with the latest version, reading again if a simulated responder moved the incident in between.</summary>
    private static async Task<JsonElement> Act(HttpClient http, string id, string action, object body)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (_, etag) = await Read(http, id);
            var response = await Post(http, id, action, body, etag);
            if (response.StatusCode == HttpStatusCode.PreconditionFailed && attempt < 5) continue;
            Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var incident = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal($"\"{incident.GetProperty("version").GetInt32()}\"", response.Headers.ETag!.Tag);
            return incident;
        }
    }

    private static async Task<HttpStatusCode> Status(HttpClient http, string id, string action, object body)
    {
        var etag = (await http.GetAsync($"/api/incidents/{id}")).Headers.ETag?.Tag ?? "\"0\"";
        return (await Post(http, id, action, body, etag)).StatusCode;
    }

    [Fact]
    public async Task An_action_needs_the_version_the_operator_saw_and_of_two_sent_with_one_version_exactly_one_wins()
    {
        using var admin = await As("admin");
        using var township = await As("yimen");
        var id = await Whistle(admin, 3, "dispute");
        var (_, etag) = await Read(admin, id);

        Assert.Equal((HttpStatusCode)428, (await Post(admin, id, "urge", new { note = "x" }, etag: null)).StatusCode);
        var both = await Task.WhenAll(
            Post(admin, id, "triage", new { severity = "Major", reason = "甲：影响较大" }, etag),
            Post(township, id, "triage", new { category = "safety", reason = "乙：实为治安" }, etag));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], both.Select(r => r.StatusCode).Order());
        var loser = both.Single(r => r.StatusCode == HttpStatusCode.PreconditionFailed);
        var problem = await loser.Content.ReadFromJsonAsync<JsonElement>();
        var current = problem.GetProperty("incident");
        Assert.NotEqual(etag, loser.Headers.ETag!.Tag);
        Assert.Equal(loser.Headers.ETag!.Tag, $"\"{current.GetProperty("version").GetInt32()}\"");
        // Exactly one of the two changes is there: never both, never a silent overwrite.
        var (now, _) = await Read(admin, id);
        var report = now.GetProperty("report");
        Assert.True(report.GetProperty("severity").GetString() == "Major" ^ report.GetProperty("category").GetString() == "safety");
    }

    [Fact]
    public async Task Two_operators_merging_a_into_b_and_b_into_a_at_once_do_not_wait_on_each_other_one_wins_the_other_is_refused()
    {
        using var admin = await As("admin");
        using var township = await As("yimen");
        // Well inside the grain call timeout: crossed merges that waited on each other would end only with it.
        township.Timeout = admin.Timeout = TimeSpan.FromSeconds(15);
        var (a, b) = (await Whistle(admin, 6, "dispute"), await Whistle(admin, 6, "dispute"));
        var ((_, etagA), (_, etagB)) = (await Read(admin, a), await Read(admin, b));

        var both = await Task.WhenAll(
            Post(admin, a, "merge", new { masterId = b, reason = "甲：同一纠纷" }, etagA),
            Post(township, b, "merge", new { masterId = a, reason = "乙：同一纠纷" }, etagB));

        var codes = both.Select(r => r.StatusCode).ToList();
        Assert.Single(codes, c => c == HttpStatusCode.OK);
        Assert.Single(codes, c => c is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed);
        var statuses = new[] { (await Read(admin, a)).Incident, (await Read(admin, b)).Incident }.Select(i => i.GetProperty("status").GetString()).ToList();
        Assert.Single(statuses, s => s == "Merged");
    }

    [Fact]
    public async Task A_village_user_outside_their_village_and_a_responder_acting_as_the_command_centre_are_refused()
    {
        using var admin = await As("admin");
        var id = await Whistle(admin, 2);
        var ownVillageId = await Whistle(admin, 1);
        using var otherVillage = await As(Yimen.Villages[1].Leader!.Id.ToLowerInvariant());
        var responderId = Yimen.Responders.First(r => r.Skills.Contains("road")).Id;
        using var responder = await As(responderId.ToLowerInvariant());

        Assert.Equal(HttpStatusCode.Forbidden, await Status(otherVillage, id, "urge", new { note = "快点" }));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(otherVillage, id, "triage", new { severity = "Major" }));
        // In their own village a village may urge, but 研判 and 分办 are the command centre's.
        var urgedAtHome = await Status(otherVillage, ownVillageId, "urge", new { note = "村里督办" });
        Assert.True(urgedAtHome is HttpStatusCode.OK or HttpStatusCode.Conflict, $"urge in their own village: {urgedAtHome}"); // 409 if nobody holds it yet
        Assert.Equal(HttpStatusCode.Forbidden, await Status(otherVillage, ownVillageId, "triage", new { severity = "Major" }));
        foreach (var (action, body) in new (string, object)[] { ("triage", new { severity = "Major" }), ("assign", new { responderId }), ("cancel", new { reason = "x" }), ("urge", new { }) })
            Assert.Equal(HttpStatusCode.Forbidden, await Status(responder, id, action, body));
        Assert.Equal(HttpStatusCode.Forbidden, (await responder.GetAsync($"/api/incidents/{id}/candidates")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await responder.GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task Unknown_ids_get_404_illegal_transitions_409_and_bad_input_400()
    {
        using var admin = await As("admin");
        foreach (var action in new[] { "triage", "merge", "cancel", "assign", "withdraw", "co-handlers", "urge", "reopen", "call-back", "close" })
            Assert.Equal(HttpStatusCode.NotFound, (await Post(admin, "yimen-w-nothing", action, new { reason = "x", satisfaction = 3, reached = true, masterId = "yimen-w-none", responderId = "nobody" }, "\"1\"")).StatusCode);

        var id = await Whistle(admin, 4);
        Assert.Equal(HttpStatusCode.NotFound, await Status(admin, id, "assign", new { responderId = "nobody" }));
        Assert.Equal(HttpStatusCode.NotFound, await Status(admin, id, "merge", new { masterId = "yimen-w-none" }));
        Assert.Equal(HttpStatusCode.Conflict, await Status(admin, id, "reopen", new { reason = "未办结不可重办" }));
        Assert.Equal(HttpStatusCode.Conflict, await Status(admin, id, "call-back", new { reached = true }));
        Assert.Equal(HttpStatusCode.BadRequest, await Status(admin, id, "cancel", new { }));
        Assert.Equal(HttpStatusCode.BadRequest, await Status(admin, id, "triage", new { category = "aliens" }));
        Assert.Equal(HttpStatusCode.BadRequest, await Status(admin, id, "call-back", new { }));
        Assert.Equal(HttpStatusCode.BadRequest, await Status(admin, id, "merge", new { masterId = id }));

        await Act(admin, id, "cancel", new { reason = "无效上报" });
        Assert.Equal(HttpStatusCode.Conflict, await Status(admin, id, "cancel", new { reason = "再次作废" }));
        Assert.Equal(HttpStatusCode.Conflict, await Status(admin, id, "urge", new { }));
        Assert.Equal(HttpStatusCode.Conflict, await Status(admin, id, "triage", new { severity = "Major" }));
    }

    [Fact]
    public async Task Each_action_succeeds_is_pushed_as_the_incident_and_is_listed_in_the_audit_log_with_its_actor_and_reason()
    {
        using var admin = await As("admin");
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        var id = await Whistle(admin, 5);
        var duplicate = await Whistle(admin, 5);

        var triaged = await Act(admin, id, "triage", new { severity = "Major", level = "Township", reason = "涉及主干道" });
        Assert.Equal(("Major", "Township"), (triaged.GetProperty("report").GetProperty("severity").GetString(), triaged.GetProperty("level").GetString()));

        var candidates = await admin.GetFromJsonAsync<JsonElement[]>($"/api/incidents/{id}/candidates");
        var holder0 = triaged.GetProperty("responderId").GetString();
        // Anyone but the holder: the dispatcher ranks, the operator chooses (the demo has one road department).
        var chosen = candidates!.First(c => c.GetProperty("responder").GetProperty("id").GetString() != holder0).GetProperty("responder");
        Assert.True(candidates!.All(c => c.TryGetProperty("distanceKm", out _)));
        var assigned = await Act(admin, id, "assign", new { responderId = chosen.GetProperty("id").GetString(), reason = "就近" });
        Assert.Equal(chosen.GetProperty("id").GetString(), assigned.GetProperty("responderId").GetString());

        var department = Yimen.Departments.First(d => d.Skills.Contains("water")).Id;
        var coHandled = await Act(admin, id, "co-handlers", new { department, reason = "水管受损" });
        Assert.Contains(coHandled.GetProperty("coHandlers").EnumerateArray(), p => p.GetProperty("department").GetString() == department);

        var urged = await Act(admin, id, "urge", new { note = "请两小时内到场" });
        Assert.True(urged.GetProperty("urges").GetInt32() >= 1);
        var merged = await Act(admin, duplicate, "merge", new { masterId = id, reason = "同一处" });
        Assert.Equal("Merged", merged.GetProperty("status").GetString());

        // The holder resolves (the command centre may act for them; the simulated one may be quicker), then 回访 and 销号.
        var holder = (await Read(admin, id)).Incident.GetProperty("responderId").GetString()!;
        foreach (var step in new[] { "acknowledge", "arrive", "resolve" })
            await admin.PostAsJsonAsync($"/api/responders/{holder}/work-orders/{id}/{step}", new { note = "已修复" });
        await Eventually.Holds(async () => (await Read(admin, id)).Incident.GetProperty("status").GetString(), s => s == "Resolved", TimeSpan.FromSeconds(60), "resolved");
        await Act(admin, id, "call-back", new { reached = true, notes = "群众满意" });
        var closed = await Act(admin, id, "close", new { satisfaction = 5 });
        Assert.Equal(5, closed.GetProperty("satisfaction").GetInt32());
        await Eventually.Holds(async () => (await Read(admin, duplicate)).Incident.GetProperty("status").GetString(), s => s == "Closed", what: "the duplicate follows its master");
        var reopened = await Act(admin, id, "reopen", new { reason = "群众反映仍漏水" });
        Assert.NotEqual("Closed", reopened.GetProperty("status").GetString());

        var audit = await admin.GetFromJsonAsync<JsonElement[]>($"/api/audit?township=yimen&from={Uri.EscapeDataString(started.ToString("O"))}&actor=admin&kind=incident.");
        var lines = audit!.Where(a => a.GetProperty("subject").GetString() is { } s && (s == id || s == duplicate)).ToList();
        foreach (var kind in new[] { "triage", "assign", "co-handle", "urge", "merge", "call-back", "close", "reopen" })
            Assert.Contains(lines, l => l.GetProperty("kind").GetString() == "incident." + kind && l.GetProperty("actor").GetString() == "admin");
        Assert.Contains(lines, l => l.GetProperty("reason").GetString() == "涉及主干道");
        var csv = await admin.GetStringAsync($"/api/audit.csv?township=yimen&from={Uri.EscapeDataString(started.ToString("O"))}&kind=incident.reopen");
        Assert.StartsWith("时间,操作人", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("群众反映仍漏水", csv, StringComparison.Ordinal);
        Assert.Contains(audit!.Select(a => a.GetProperty("kind").GetString()), k => k!.StartsWith("incident.", StringComparison.Ordinal));
        var logins = await admin.GetFromJsonAsync<JsonElement[]>($"/api/audit?from={Uri.EscapeDataString(started.AddMinutes(-1).ToString("O"))}&kind=login&actor=admin");
        Assert.NotEmpty(logins!);
    }

    [Fact]
    public async Task Alarms_are_acknowledged_with_a_note_and_a_lamp_in_maintenance_keeps_them_suppressed_until_it_leaves()
    {
        using var admin = await As("admin");
        // Two villages apart, so the second lamp's alarm cannot join the first's work order; taken over from the demo's simulated lamps.
        string[] lamps = [.. new[] { 8, 9 }.Select(v => Yimen.Lamps.Last(l => l.Cell.StartsWith(Yimen.Villages[v].Id + "-", StringComparison.Ordinal)).Id)];
        using var paused = await admin.PostAsJsonAsync("/api/demo/life/pause", new { lamps, seconds = 300 });
        Assert.True(paused.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, $"{(int)paused.StatusCode} {await paused.Content.ReadAsStringAsync()}"); // 404: no life
        var (acked, maintained) = (lamps[0], lamps[1]);

        await Leak(acked);
        var alarm = await Eventually.Holds(async () => (await Lamp(admin, acked)).GetProperty("openAlarms").EnumerateArray().FirstOrDefault(a => a.GetProperty("code").GetString() == "LEAKAGE"),
            a => a.ValueKind == JsonValueKind.Object, what: "leakage alarm");
        var alarmId = alarm.GetProperty("alarmId").GetString()!;
        var ack = await admin.PostAsJsonAsync($"/api/lamps/{acked}/alarms/{alarmId}/acknowledge", new { note = "已通知供电所断电" });
        Assert.True(ack.IsSuccessStatusCode, await ack.Content.ReadAsStringAsync());
        var acknowledged = (await ack.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("openAlarms").EnumerateArray().Single(a => a.GetProperty("alarmId").GetString() == alarmId);
        Assert.Equal(("admin", "已通知供电所断电"), (acknowledged.GetProperty("acknowledgedBy").GetString(), acknowledged.GetProperty("acknowledgeNote").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/lamps/{acked}/alarms/{alarmId}/acknowledge", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/lamps/{acked}/alarms/{acked}:LEAKAGE:0/acknowledge", new { })).StatusCode);

        var started = await admin.PostAsJsonAsync($"/api/lamps/{maintained}/maintenance", new { minutes = 60, reason = "更换灯头" });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/lamps/{maintained}/maintenance", new { minutes = 0 })).StatusCode);
        await Leak(maintained);
        var suppressed = await Eventually.Holds(async () => (await Lamp(admin, maintained)).GetProperty("openAlarms").EnumerateArray().FirstOrDefault(a => a.GetProperty("code").GetString() == "LEAKAGE"),
            a => a.ValueKind == JsonValueKind.Object, what: "suppressed alarm");
        Assert.True(suppressed.GetProperty("suppressed").GetBoolean());
        var suppressedId = suppressed.GetProperty("alarmId").GetString()!;
        Assert.Null(await f.Grains.GetGrain<IIncidentGrain>(IncidentIds.For("yimen", IncidentSource.LampAlarm, suppressedId)).Get());

        Assert.True((await admin.DeleteAsync($"/api/lamps/{maintained}/maintenance")).IsSuccessStatusCode);
        var restored = (await Lamp(admin, maintained)).GetProperty("openAlarms").EnumerateArray().Single(a => a.GetProperty("alarmId").GetString() == suppressedId);
        Assert.False(restored.GetProperty("suppressed").GetBoolean());
        await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(IncidentIds.For("yimen", IncidentSource.LampAlarm, suppressedId)).Get(), i => i is not null, what: "work order once out of maintenance");

        var audit = await admin.GetFromJsonAsync<JsonElement[]>("/api/audit?township=yimen&actor=admin");
        Assert.Contains(audit!, a => a.GetProperty("kind").GetString() == "alarm.acknowledge" && a.GetProperty("subject").GetString() == alarmId);
        Assert.Contains(audit!, a => a.GetProperty("kind").GetString() == "lamp.maintenance" && a.GetProperty("reason").GetString() == "更换灯头");
    }

    private static async Task<JsonElement> Lamp(HttpClient http, string id) => await http.GetFromJsonAsync<JsonElement>($"/api/lamps/{id}");

    private async Task Leak(string lamp) =>
        Assert.Equal(TelemetryOutcome.Accepted, await f.Grains.GetGrain<IStreetlightGrain>(lamp).ReportTelemetry(new LampTelemetry
        {
            Timestamp = DateTimeOffset.UtcNow, On = true, Voltage = 221, Current = 0.4, LeakageMa = 52,
        }));
}
