using GridDispatch.Gateway.Mqtt;
using GridDispatch.Gateway.Notifications;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Notifications;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GridDispatch.Tests.Gateway.Notifications;

/// <summary>
/// The writer on real grains (the small township on an in-process cluster): a real work order offer becomes one
/// outbox row per channel of the team, with the incident's 受理编号 and place; the same batch heard again adds none.
/// </summary>
public sealed class NotificationWriterTests(DomainClusterFixture f) : IClassFixture<DomainClusterFixture>, IDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("notify-writer");

    [Fact]
    public async Task A_work_order_offer_to_a_team_goes_to_each_of_its_channels_once()
    {
        await f.Grains.GetGrain<INotificationDirectoryGrain>(SmallTownship.Id).Set(new NotificationDirectory
        {
            Recipients = [new NotifyRecipient("team-v1", "王家村护灯队", [new NotifyAddress("hudeng-wecom", null), new NotifyAddress("sms", "13800001111")])],
        });
        var (writer, outbox) = Create(TimeProvider.System);
        var id = await OpenAsync("v1-g1-n1", IncidentSeverity.Minor);
        var offered = await f.Events.WaitFor<WorkOrderOffered>(e => e.WorkOrder.IncidentId == id);
        Assert.Equal("team-v1", offered.WorkOrder.ResponderId);

        await writer.HandleAsync(new DomainEventBatch([offered]), CancellationToken.None);
        await writer.HandleAsync(new DomainEventBatch([offered]), CancellationToken.None); // redelivered

        var rows = await outbox.ForEventAsync($"offered:{id}:team-v1:{offered.WorkOrder.OfferedAt.ToUnixTimeMilliseconds()}");
        Assert.Equal(["hudeng-wecom", "sms"], rows.Select(r => r.Message.Channel));
        var number = (await f.Grains.GetGrain<IIncidentGrain>(id).Get())!.Number;
        Assert.All(rows, r =>
        {
            Assert.Equal("【新工单】路灯不亮", r.Message.Title);
            Assert.Contains($"受理编号：{number}", r.Message.Lines);
            Assert.Contains("地点：测试镇 王家村 一组 一邻", r.Message.Lines);
            Assert.Equal($"https://gd.example.cn/handheld/orders.html?incident={Uri.EscapeDataString(id)}", r.Message.Link);
        });
        Assert.Equal("13800001111", rows.Single(r => r.Message.Channel == "sms").Message.To);
    }

    [Fact]
    public async Task A_holder_hears_when_their_deadline_is_near_once()
    {
        await f.Grains.GetGrain<INotificationDirectoryGrain>(SmallTownship.Id).Set(new NotificationDirectory
        {
            Recipients = [new NotifyRecipient("team-v2", "石门村护灯队", [new NotifyAddress("sms", "13800003333")])],
        });
        var id = await OpenAsync("v2-g1-n1", IncidentSeverity.Minor);
        var changed = await f.Events.WaitFor<IncidentChanged>(e => e.Incident.Id == id && e.Incident.ResponderId == "team-v2");
        var due = changed.Incident.RespondBy!.Value;
        var clock = new FakeTimeProvider(due - TimeSpan.FromMinutes(40));
        var (writer, outbox) = Create(clock);
        await writer.HandleAsync(new DomainEventBatch([changed]), CancellationToken.None);

        await writer.WarnOfDeadlinesAsync(); // 40 minutes left: not yet
        Assert.Empty(await outbox.ForEventAsync($"deadline:{id}:team-v2:{due.ToUnixTimeMilliseconds()}"));
        clock.Advance(TimeSpan.FromMinutes(15));
        await writer.WarnOfDeadlinesAsync();
        await writer.WarnOfDeadlinesAsync();

        var row = Assert.Single(await outbox.ForEventAsync($"deadline:{id}:team-v2:{due.ToUnixTimeMilliseconds()}"));
        Assert.StartsWith("【即将超时】", row.Message.Title);
        Assert.Contains(row.Message.Lines, l => l.StartsWith("响应时限 ", StringComparison.Ordinal) && l.EndsWith("还剩约 25 分钟", StringComparison.Ordinal));
    }

    private (NotificationWriter Writer, NotificationOutbox Outbox) Create(TimeProvider time)
    {
        var options = Options.Create(new NotificationOptions { PublicBaseUrl = "https://gd.example.cn" });
        var outbox = new NotificationOutbox(Path.Combine(_folder, $"outbox-{Guid.NewGuid():N}.db"));
        var sender = new NotificationSender(outbox, new NotificationChannels(new Dictionary<string, INotificationChannel>()), options, time,
            NullLogger<NotificationSender>.Instance);
        var lease = new PublisherLease(f.Grains, Options.Create(new MqttOptions { Embedded = true }), time, NullLogger<PublisherLease>.Instance);
        return (new NotificationWriter(f.Grains, outbox, sender, lease, options, time, NullLogger<NotificationWriter>.Instance), outbox);
    }

    private async Task<string> OpenAsync(string cell, IncidentSeverity severity)
    {
        var whistle = new IncidentReport
        {
            Township = SmallTownship.Id, Source = IncidentSource.Whistle, SourceId = Guid.NewGuid().ToString("N"), Category = "lighting",
            Severity = severity, Cell = cell, Text = "路灯不亮", ReportedBy = "v1-leader", ReportedAt = f.Clock.GetUtcNow(),
        };
        var id = IncidentIds.For(whistle.Township, whistle.Source, whistle.SourceId);
        Assert.True((await f.Grains.GetGrain<IIncidentGrain>(id).Open(whistle)).Ok);
        return id;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
