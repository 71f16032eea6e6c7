using GridDispatch.Gateway.Notifications;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Import;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Notifications;
using GridDispatch.Grains.Topology;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Notifications;

/// <summary>Who has which channels (the topology's <c>notify</c>), and what each event says to them.</summary>
public sealed class NotificationPlanTests
{
    private const string Topology = """
        {
          "id": "testtown", "name": "测试镇",
          "villages": [{ "id": "v1", "name": "王家村",
            "leader": { "id": "p-wang", "name": "王书记", "notify": [{ "channel": "mail", "to": "wang@example.cn" }] },
            "groups": [{ "id": "v1-g1", "name": "一组", "neighbourhoods": [{ "id": "v1-g1-n1", "name": "一邻" }] }] }],
          "responders": [
            { "id": "team-v1", "name": "王家村护灯队", "kind": "team", "skills": ["lighting"],
              "notify": [{ "channel": "hudeng-wecom" }, { "channel": "sms", "to": "13800001111" }] },
            { "id": "li", "name": "李师傅", "skills": ["electrical"] }
          ],
          "departments": [{ "id": "d-power", "name": "供电所", "notify": [{ "channel": "power-dingtalk" }] }]
        }
        """;

    [Fact]
    public void Notify_lists_are_read_from_people_teams_and_departments_and_a_file_without_them_still_reads()
    {
        var parsed = TopologyFile.Parse(Topology);
        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Errors));
        Assert.Empty(TopologyValidator.Validate(parsed.Topology!));

        var directory = NotificationDirectory.From(parsed.Topology!);

        Assert.Equal([new NotifyAddress("hudeng-wecom", null), new NotifyAddress("sms", "13800001111")], directory.Find("team-v1")!.Addresses);
        Assert.Equal([new NotifyAddress("mail", "wang@example.cn")], directory.Find("p-wang")!.Addresses);
        Assert.Equal("供电所", directory.Find("d-power")!.Name);
        Assert.Null(directory.Find("li"));
        // Older files have no notify at all, and writing one without it adds none.
        Assert.Empty(NotificationDirectory.From(SmallTownship.Build()).Recipients);
        Assert.DoesNotContain("notify", TopologyFile.Write(SmallTownship.Build()));
    }

    [Fact]
    public void A_channel_name_that_is_not_an_id_is_an_error_with_its_path()
    {
        var parsed = TopologyFile.Parse(Topology.Replace("\"hudeng-wecom\"", "\"企业 微信\""));

        var error = Assert.Single(TopologyValidator.Validate(parsed.Topology!));
        Assert.Equal("$.responders[0].notify[0].channel", error.Path);
    }

    [Fact]
    public void A_work_order_offer_names_its_receipt_number_place_deadline_and_link()
    {
        var topology = TopologyFile.Parse(Topology).Topology!;
        var township = new TownshipInfo { Id = "testtown", Name = "测试镇", CellTree = [.. TopologyImporter.Cells(topology)] };
        var incident = Incident("inc-7", "v1-g1-n1", ["testtown/v1-g1-n1", "testtown/v1-g1", "testtown/v1", "testtown/testtown"]);
        var offered = new WorkOrderOffered
        {
            Township = "testtown", At = DateTimeOffset.UnixEpoch,
            WorkOrder = new WorkOrder
            {
                IncidentId = "inc-7", ResponderId = "team-v1", Township = "testtown", Title = "路灯不亮", Category = "lighting",
                Severity = IncidentSeverity.Major, Cell = "v1-g1-n1", OfferedAt = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero),
                AcknowledgeBy = new DateTimeOffset(2026, 11, 29, 12, 15, 0, TimeSpan.Zero),
            },
        };

        var plan = NotificationTexts.Offered(offered, incident, NotificationTexts.Place(incident, "v1-g1-n1", township), "https://gd.example.cn/");

        Assert.Equal("offered:inc-7:team-v1:1795953600000", plan.EventId);
        Assert.Equal(["team-v1"], plan.Recipients);
        Assert.Equal("【新工单】路灯不亮", plan.Title);
        Assert.Equal(["受理编号：测试-1129-0007", "地点：测试镇 王家村 一组 一邻", "紧急程度：重大", "请于 11月29日 20:15 前接单"], plan.Lines);
        Assert.Equal("https://gd.example.cn/handheld/orders.html?incident=inc-7", plan.Link);
    }

    [Fact]
    public void An_urge_a_call_out_and_an_escalation_each_have_an_id_of_their_own_facts()
    {
        var incident = Incident("inc-8", "v1", ["testtown/v1", "testtown/testtown"]);
        var urge = NotificationTexts.Urged(new WorkOrderUrged { Township = "testtown", At = DateTimeOffset.UnixEpoch, IncidentId = "inc-8", ResponderId = "li", By = "county", Note = "尽快处理", Count = 2 },
            incident, "测试镇 王家村", "");
        Assert.Equal("urged:inc-8:li:2", urge.EventId);
        Assert.Equal("【督办】石门路12号杆不亮", urge.Title);
        Assert.Contains("指挥中心第2次督办：尽快处理", urge.Lines);
        Assert.Null(urge.Link);

        var called = NotificationTexts.Called(new ReportCalled
        {
            Township = "testtown", At = DateTimeOffset.FromUnixTimeMilliseconds(5), Reason = "暴雨",
            Called = [new Affiliate("team-v1", "王家村护灯队", AffiliateKind.Responder), new Affiliate("d-power", "供电所", AffiliateKind.Department)],
        }, "测试镇", "");
        Assert.Equal(("called:testtown:5", "【应急报到】测试镇进入应急状态"), (called.EventId, called.Title));
        Assert.Equal(["team-v1", "d-power"], called.Recipients);

        var escalated = NotificationTexts.Escalated(new IncidentEscalated
        {
            Township = "testtown", At = DateTimeOffset.FromUnixTimeMilliseconds(9), IncidentId = "inc-8", Level = CellLevel.Township, AlertedLeaders = ["p-wang"],
        }, incident, "测试镇 王家村", "");
        Assert.Equal("escalated:inc-8:Township:9", escalated.EventId);
        Assert.Contains("时限已过，已升级到乡镇，请督促处置", escalated.Lines);
    }

    private static IncidentSnapshot Incident(string id, string cell, IReadOnlyList<string> path) => new()
    {
        Id = id, Status = IncidentStatus.Dispatched, Level = CellLevel.Neighbourhood, Number = "测试-1129-0007", CellPath = path,
        Report = new IncidentReport
        {
            Township = "testtown", Source = IncidentSource.Whistle, SourceId = "w-1", Category = "lighting", Severity = IncidentSeverity.Major,
            Cell = cell, Text = "石门路12号杆不亮", ReportedBy = "p-wang", ReportedAt = DateTimeOffset.UnixEpoch,
        },
    };
}
