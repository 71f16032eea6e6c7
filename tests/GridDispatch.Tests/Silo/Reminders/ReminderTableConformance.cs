using GridDispatch.Tests.Infrastructure;
using GridDispatch.Tests.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Silo.Reminders;

/// <summary>What any reminder table of ours must do, asserted against the table a real silo resolves.</summary>
public abstract class ReminderTableConformance(ITestOutputHelper output) : SiloTestBase(output)
{
    private IReminderTable Table => Cluster.GetSiloServiceProvider(Cluster.Primary!.SiloAddress).GetRequiredService<IReminderTable>();

    private static GrainId NewGrainId() => GrainId.Create("conformance", Guid.NewGuid().ToString("N"));

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan period) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2026, 11, 24, 8, 30, 0, DateTimeKind.Utc),
        Period = period,
    };

    [Fact]
    public async Task An_upserted_reminder_reads_back_with_its_etag()
    {
        var grain = NewGrainId();
        var etag = await Table.UpsertRow(Entry(grain, "deadline", TimeSpan.FromMinutes(5)));

        var row = await Table.ReadRow(grain, "deadline");

        Assert.NotNull(row);
        Assert.Equal(etag, row.ETag);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal(new DateTime(2026, 11, 24, 8, 30, 0, DateTimeKind.Utc), row.StartAt.ToUniversalTime());
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.Null(await Table.ReadRow(grain, "no-such-reminder"));
    }

    [Fact]
    public async Task Upserting_again_updates_in_place_with_a_new_etag()
    {
        var grain = NewGrainId();
        var first = await Table.UpsertRow(Entry(grain, "deadline", TimeSpan.FromMinutes(5)));
        var second = await Table.UpsertRow(Entry(grain, "deadline", TimeSpan.FromMinutes(7)));

        Assert.NotEqual(first, second);
        var rows = await Table.ReadRows(grain);
        var only = Assert.Single(rows.Reminders);
        Assert.Equal(TimeSpan.FromMinutes(7), only.Period);
    }

    [Fact]
    public async Task Removal_needs_the_current_etag()
    {
        var grain = NewGrainId();
        var stale = await Table.UpsertRow(Entry(grain, "deadline", TimeSpan.FromMinutes(5)));
        var current = await Table.UpsertRow(Entry(grain, "deadline", TimeSpan.FromMinutes(6)));

        Assert.False(await Table.RemoveRow(grain, "deadline", stale!));
        Assert.NotNull(await Table.ReadRow(grain, "deadline"));
        Assert.True(await Table.RemoveRow(grain, "deadline", current!));
        Assert.Null(await Table.ReadRow(grain, "deadline"));
        Assert.False(await Table.RemoveRow(grain, "deadline", current!));
    }

    [Fact]
    public async Task Reading_by_grain_returns_all_of_that_grains_reminders_only()
    {
        var grain = NewGrainId();
        await Table.UpsertRow(Entry(grain, "respond", TimeSpan.FromMinutes(5)));
        await Table.UpsertRow(Entry(grain, "resolve", TimeSpan.FromMinutes(10)));
        await Table.UpsertRow(Entry(NewGrainId(), "respond", TimeSpan.FromMinutes(5)));

        var rows = await Table.ReadRows(grain);

        Assert.Equal(["resolve", "respond"], rows.Reminders.Select(r => r.ReminderName).Order());
        Assert.All(rows.Reminders, r => Assert.Equal(grain, r.GrainId));
    }

    [Fact]
    public async Task Reading_a_ring_range_returns_exactly_the_hashes_in_it_including_wrap_around()
    {
        var name = $"ring-{Guid.NewGuid():N}";
        var grains = Enumerable.Range(0, 60).Select(_ => NewGrainId()).ToList();
        foreach (var grain in grains) await Table.UpsertRow(Entry(grain, name, TimeSpan.FromMinutes(1)));
        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();

        // A middle range, a range that wraps past uint.MaxValue, and the whole ring (begin == end).
        (uint begin, uint end)[] ranges = [(hashes[10], hashes[40]), (hashes[50], hashes[5]), (hashes[20], hashes[20])];
        foreach (var (begin, end) in ranges)
        {
            var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).Select(g => g.ToString()).Order().ToList();
            var rows = await Table.ReadRows(begin, end);
            var actual = rows.Reminders.Where(r => r.ReminderName == name).Select(r => r.GrainId.ToString()).Order().ToList();
            Assert.Equal(expected, actual);
        }

        static bool InRange(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
    }

    [Fact]
    public async Task A_reminder_survives_a_silo_restart_and_fires_after_it()
    {
        var key = Guid.NewGuid().ToString("N");
        await Cluster.GrainFactory.GetGrain<IAlarmClockGrain>(key).Set(dueIn: TimeSpan.FromSeconds(8), period: TimeSpan.FromSeconds(2));
        var setAt = DateTime.UtcNow;

        await RestartAsync();
        Assert.False(AlarmClockGrain.FirstTick(key).IsCompleted, "the restart took longer than the reminder's due time; the test proves nothing");

        // Nobody calls the grain after the restart: only the persisted reminder can wake it.
        var firstTick = await AlarmClockGrain.FirstTick(key).WaitAsync(TimeSpan.FromSeconds(45));
        Assert.True(firstTick >= setAt.AddSeconds(7), $"fired at {firstTick:O}, before it was due");
    }
}
