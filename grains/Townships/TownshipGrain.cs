using GridDispatch.Grains.Common;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Events;

namespace GridDispatch.Grains.Townships;

public sealed class TownshipGrain(
    [PersistentState("township")] IPersistentState<TownshipState> state,
    IDomainEvents events,
    DomainClock clock) : Grain, ITownshipGrain
{
    private TownshipState S => state.State;
    private string Id => this.GetPrimaryKeyString();

    public async Task Define(TownshipInfo info)
    {
        S.Info = info;
        await state.WriteStateAsync();
    }

    public Task<TownshipInfo?> GetInfo() => Task.FromResult(S.Info);

    public async Task<ModeSnapshot> SetMode(TownshipMode mode, string by, string? reason, IReadOnlyList<string>? villages = null)
    {
        if (mode == S.Mode) return Snapshot() with { Lighting = await SwitchLighting(by) };
        var now = clock.Now;
        if (mode == TownshipMode.Emergency)
        {
            S.Board = (S.Info?.Affiliates ?? []).ToDictionary(a => a.Id, a => new CheckIn(a, null));
            (S.Since, S.By, S.Reason) = (now, by, reason);
            S.Villages = [.. villages ?? []];
        }
        else
        {
            S.History.Insert(0, new EmergencyRecord(S.Since ?? now, now, S.Reason, S.Board.Count, S.Board.Values.Count(c => c.At is not null)));
            S.Board.Clear();
            (S.Since, S.By, S.Reason) = (now, by, reason);
            S.Villages = [];
        }

        S.Mode = mode;
        await state.WriteStateAsync();
        if (mode == TownshipMode.Emergency)
            events.Publish(new ReportCalled { Township = Id, At = now, Called = [.. S.Board.Values.Select(c => c.Affiliate)], Reason = reason });
        var lighting = await SwitchLighting(by);
        return Published() with { Lighting = lighting };
    }

    /// <summary>
    /// 应急照明 follows the mode: lit in an emergency, the schedules back in normal times. Both are idempotent, so
    /// the switch asked again finishes what a crash after the mode was saved left undone (as does the lighting's reminder).
    /// </summary>
    private async Task<string?> SwitchLighting(string by)
    {
        var lighting = GrainFactory.GetGrain<IEmergencyLightingGrain>(Id);
        return S.Mode == TownshipMode.Emergency ? await lighting.LightEmergency(S.Villages, by) : await lighting.EndEmergency(by);
    }

    public async Task<bool> CheckIn(string affiliateId)
    {
        if (S.Mode != TownshipMode.Emergency || !S.Board.TryGetValue(affiliateId, out var entry)) return false;
        if (entry.At is not null) return true;
        S.Board[affiliateId] = entry with { At = clock.Now };
        await state.WriteStateAsync();
        // Reporting in means on duty: a responder becomes available to dispatch.
        if (entry.Affiliate.Kind == AffiliateKind.Responder)
            await GrainFactory.GetGrain<IResponderGrain>(affiliateId).SetStatus(ResponderStatus.Available, null, null);
        Published();
        return true;
    }

    public Task<ModeSnapshot> GetMode() => Task.FromResult(Snapshot());

    private ModeSnapshot Published()
    {
        var snapshot = Snapshot();
        events.Publish(new ModeChanged { Township = Id, At = clock.Now, Mode = snapshot });
        return snapshot;
    }

    private ModeSnapshot Snapshot() => new()
    {
        Township = Id, Mode = S.Mode, Since = S.Since, By = S.By, Reason = S.Reason,
        Board = [.. S.Board.Values.OrderBy(c => c.Affiliate.Kind).ThenBy(c => c.Affiliate.Id, StringComparer.Ordinal)],
        History = [.. S.History.Take(20)], Villages = S.Villages,
    };
}

[GenerateSerializer, Alias("GridDispatch.Townships.TownshipState")]
public sealed class TownshipState
{
    [Id(0)] public TownshipInfo? Info { get; set; }
    [Id(1)] public TownshipMode Mode { get; set; }
    [Id(2)] public DateTimeOffset? Since { get; set; }
    [Id(3)] public string? By { get; set; }
    [Id(4)] public string? Reason { get; set; }
    [Id(5)] public Dictionary<string, CheckIn> Board { get; set; } = [];
    [Id(6)] public List<EmergencyRecord> History { get; set; } = [];
    /// <summary>The villages the emergency in force names; none: the whole township.</summary>
    [Id(7)] public List<string> Villages { get; set; } = [];
}
