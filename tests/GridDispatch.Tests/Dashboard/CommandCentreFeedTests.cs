using System.Collections.Concurrent;
using System.Diagnostics;
using GridDispatch.Dashboard.Hubs;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// The feed's order on its own (no silo): an alarm is not queued behind a burst of lamp deltas, and a burst reaches
/// a screen spread over flushes, latest state per lamp. The hub tests cover the same feed on the real silo.
/// </summary>
public sealed class CommandCentreFeedTests
{
    private const string Township = "t1";
    private static readonly string Group = HubGroups.Township(Township);

    [Fact]
    public async Task An_alarm_goes_out_before_a_burst_of_lamp_changes_that_came_first_and_the_burst_is_spread_over_flushes()
    {
        var hub = new RecordingHub();
        var feed = new CommandCentreFeed(hub, NullLogger<CommandCentreFeed>.Instance);
        await feed.StartAsync(CancellationToken.None);
        try
        {
            // 5,000 lamps switch off, then a leak: one domain batch, the alarm last. Then a newer state of a lamp still held back.
            const int lamps = 5_000;
            var burst = Enumerable.Range(0, lamps).Select(n => (DomainEvent)Changed($"L{n}", on: false)).Append(Leak("L7")).ToList();
            await feed.HandleAsync(new DomainEventBatch(burst), CancellationToken.None);
            await feed.HandleAsync(new DomainEventBatch([Changed("L4999", on: true)]), CancellationToken.None);

            await Eventually.TrueAsync(() => hub.Lamps().Count() == lamps, TimeSpan.FromSeconds(10), $"{hub.Lamps().Count()} of {lamps} lamps sent");

            var sent = hub.Sent.ToList();
            Assert.Equal("alarmRaised", sent[0].Method);
            Assert.Equal("L7", Assert.Single(sent[0].Items.Cast<AlarmItem>()).LampId);
            // At most MaxLampItemsPerFlush a flush: three flushes, 100 ms apart, for 5,000 lamps; never two items of one lamp.
            var lampMessages = sent.Where(m => m.Method == "lampChanged").ToList();
            Assert.True(Stopwatch.GetElapsedTime(lampMessages[0].At, lampMessages[^1].At) >= CommandCentreFeed.FlushEvery * 1.8,
                $"{lamps} lamps went out within {Stopwatch.GetElapsedTime(lampMessages[0].At, lampMessages[^1].At).TotalMilliseconds:F0} ms: not spread over flushes");
            Assert.Equal(lamps, hub.Lamps().Select(l => l.Id).Distinct().Count());
            Assert.True(hub.Lamps().Single(l => l.Id == "L4999").On, "the held-back lamp went out with its newer state");
        }
        finally
        {
            await feed.StopAsync(CancellationToken.None);
        }
    }

    private static LampChanged Changed(string lamp, bool on) => new()
    {
        Township = Township, At = DateTimeOffset.UtcNow,
        Lamp = new LampSnapshot { LampId = lamp, Township = Township, Cell = "c1", On = on, Online = true },
    };

    private static AlarmRaised Leak(string lamp) => new()
    {
        Township = Township, At = DateTimeOffset.UtcNow, Cell = "c1",
        Alarm = new Alarm { AlarmId = $"{lamp}:LEAKAGE:1", LampId = lamp, Code = FaultCode.LEAKAGE, Severity = AlarmSeverity.Critical, RaisedAt = DateTimeOffset.UtcNow },
    };

    /// <summary>A hub context that records what the feed sends to the township's group, in order, with when.</summary>
    private sealed class RecordingHub : IHubContext<CommandCentreHub>, IClientProxy
    {
        public ConcurrentQueue<(string Method, object[] Items, long At)> Sent { get; } = new();

        public IEnumerable<LampItem> Lamps() => Sent.Where(m => m.Method == "lampChanged").SelectMany(m => m.Items.Cast<LampItem>());

        public IHubClients Clients => new OneGroup(this);
        public IGroupManager Groups => throw new NotSupportedException();

        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            Sent.Enqueue((method, ((IEnumerable<object>)args[0]!).ToArray(), Stopwatch.GetTimestamp()));
            return Task.CompletedTask;
        }
    }

    private sealed class OneGroup(IClientProxy group) : IHubClients
    {
        public IClientProxy Group(string groupName) => groupName == CommandCentreFeedTests.Group ? group : throw new InvalidOperationException($"unexpected group {groupName}");
        public IClientProxy All => throw new NotSupportedException();
        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();
        public IClientProxy Client(string connectionId) => throw new NotSupportedException();
        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();
        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();
        public IClientProxy Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();
        public IClientProxy User(string userId) => throw new NotSupportedException();
        public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
    }
}
