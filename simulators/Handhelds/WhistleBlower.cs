using GridDispatch.Grains.Topology;

namespace GridDispatch.Simulators.Handhelds;

/// <summary>
/// Grid leaders blowing the whistle (网格吹哨) over gRPC or MQTT at a rate, each for a cell they lead, with the
/// seeds' mix: mostly 微事/小事 about roads, lighting, water and disputes, now and then 大事 or 急事.
/// </summary>
public sealed class WhistleBlower(IWhistleSender sender, TownshipTopology township, Random random) : IAsyncDisposable
{
    private static readonly (string Category, string Text)[] Matters =
    [
        ("road", "村道有塌陷，过往车辆危险"), ("lighting", "路口几盏路灯夜里不亮"), ("water", "自来水管破裂漏水"),
        ("dispute", "邻里因宅基地边界起纠纷"), ("environment", "河道漂浮垃圾需要清理"), ("safety", "废弃房屋有倒塌隐患"),
        ("electrical", "电线被树枝压断垂地"), ("flood", "连日降雨，沟渠水位上涨"), ("fire", "山林边有人焚烧秸秆"), ("other", "群众反映需要协调的事项"),
    ];

    private int _blown, _refused;

    /// <summary>Whistles the platform accepted, and those it refused or never answered.</summary>
    public int Blown => Volatile.Read(ref _blown);

    public int Refused => Volatile.Read(ref _refused);

    public async Task RunAsync(TimeSpan every, CancellationToken cancellationToken)
    {
        var leaders = township.Villages.SelectMany(v => v.Groups)
            .Where(g => g.Leader is not null).Select(g => (Cell: g.Id, Leader: g.Leader!.Id)).ToList();
        if (leaders.Count == 0) return;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(every * (0.5 + random.NextDouble()), cancellationToken);
            var (cell, leader) = leaders[random.Next(leaders.Count)];
            var (category, text) = Matters[random.Next(Matters.Length)];
            var roll = random.NextDouble();
            var severity = roll < 0.55 ? "micro" : roll < 0.9 ? "minor" : roll < 0.98 ? "major" : "emergency";
            var accepted = await sender.SendAsync(new WhistleDraft(township.Id, cell, leader, category, severity, text, $"sim-{Guid.NewGuid():N}"), cancellationToken);
            Interlocked.Increment(ref accepted ? ref _blown : ref _refused);
        }
    }

    public ValueTask DisposeAsync() => sender.DisposeAsync();
}
