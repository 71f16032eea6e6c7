using GridDispatch.Grains.Common;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Townships;

namespace GridDispatch.Grains.Lighting;

[GenerateSerializer, Alias("GridDispatch.Lighting.GroupCommandState")]
public sealed class GroupCommandState
{
    [Id(0)] public GroupCommandRequest? Request { get; set; }
    [Id(1)] public string By { get; set; } = "";
    [Id(2)] public DateTimeOffset StartedAt { get; set; }
    /// <summary>Each lamp's part, by lamp id.</summary>
    [Id(3)] public Dictionary<string, GroupPartStatus> Parts { get; set; } = [];
    [Id(4)] public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>
/// A group command: resolves its lamps, asks each for its part (<see cref="IStreetlightGrain.RunGroupCommand"/>),
/// and counts the ends the lamps report. Acknowledgements are saved at most every <see cref="SaveEvery"/> (800
/// lamps answering within a second are not 800 writes); what a crash loses, <see cref="Refresh"/> asks the
/// lamps again, as does a check every <see cref="RefreshEvery"/> while parts are open, which also has each online lamp
/// re-send an overdue part (a command lost on the way to a lamp that stays silent).
/// </summary>
public sealed class GroupCommandGrain(
    [PersistentState("group-command")] IPersistentState<GroupCommandState> state,
    IDomainEvents events,
    DomainClock clock) : Grain, IGroupCommandGrain
{
    public static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);
    private const int Batch = 200;

    private GroupCommandState S => state.State;
    private string Key => this.GetPrimaryKeyString();
    private string Township => Key[..Key.IndexOf('/')];
    private bool _dirty;
    /// <summary>The parts counted by status, kept as they change: with 100,000 lamps, a pass over them per acknowledgement is the whole cost.</summary>
    private readonly int[] _counts = new int[Enum.GetValues<GroupPartStatus>().Length];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var part in S.Parts.Values) _counts[(int)part]++;
        this.RegisterGrainTimer(async () => { if (_dirty) await Save(); }, SaveEvery, SaveEvery);
        this.RegisterGrainTimer(async () => { if (Open > 0) await Refresh(); }, RefreshEvery, RefreshEvery);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty) await Save();
    }

    public async Task<(GroupCommandProgress? Progress, string? Error)> Start(GroupCommandRequest request, string by)
    {
        if (S.Request is not null) return (Progress(), null);
        if (request.Problem() is { } problem) return (null, problem);
        var lamps = await Lamps(request);
        if (lamps.Count == 0) return (null, $"no lamps in {request.Target} {request.TargetId}".TrimEnd());
        (S.Request, S.By, S.StartedAt) = (request, by, clock.Now);
        var (type, brightness, profile) = request.ToLampCommand();
        foreach (var batch in lamps.Chunk(Batch))
        {
            var results = await Task.WhenAll(batch.Select(id => GrainFactory.GetGrain<IStreetlightGrain>(id).RunGroupCommand(Key, type, brightness, profile, by, request.Emergency)));
            for (var i = 0; i < batch.Length; i++)
            {
                var part = !results[i].Ok ? GroupPartStatus.Failed : results[i].Command is { Held: true } ? GroupPartStatus.Pending : GroupPartStatus.Sent;
                if (S.Parts.TryAdd(batch[i], part)) _counts[(int)part]++;
            }
        }

        // Lamps answering meanwhile wait their turn (the grain takes one call at a time): their parts are written down by now.
        Changed();
        await Save();
        return (Progress(), null);
    }

    public Task<GroupCommandProgress?> GetProgress() => Task.FromResult(S.Request is null ? null : Progress());

    public Task LampSettled(string lampId, LampCommand command)
    {
        if (!S.Parts.TryGetValue(lampId, out var part) || part is GroupPartStatus.Acknowledged or GroupPartStatus.Failed) return Task.CompletedTask;
        if (command.Status == LampCommandStatus.Pending) return Task.CompletedTask;
        Set(lampId, part, command.Status == LampCommandStatus.Acknowledged ? GroupPartStatus.Acknowledged : GroupPartStatus.Failed);
        Changed();
        return Task.CompletedTask;
    }

    public async Task<GroupCommandProgress?> Refresh()
    {
        if (S.Request is null) return null;
        foreach (var batch in S.Parts.Where(p => p.Value is GroupPartStatus.Sent or GroupPartStatus.Pending).Select(p => p.Key).ToList().Chunk(Batch))
        {
            var parts = await Task.WhenAll(batch.Select(id => GrainFactory.GetGrain<IStreetlightGrain>(id).CheckGroupPart(Key)));
            for (var i = 0; i < batch.Length; i++)
            {
                GroupPartStatus? now = parts[i] switch
                {
                    LampCommandStatus.Acknowledged => GroupPartStatus.Acknowledged,
                    LampCommandStatus.Pending => null,
                    _ => GroupPartStatus.Failed, // refused, given up, superseded; or none: the lamp has taken part in a later group since
                };
                if (now is { } settled && S.Parts[batch[i]] is var was && was != settled) Set(batch[i], was, settled);
            }
        }

        Changed();
        return Progress();
    }

    private int Open => _counts[(int)GroupPartStatus.Sent] + _counts[(int)GroupPartStatus.Pending];

    private void Set(string lampId, GroupPartStatus was, GroupPartStatus now)
    {
        S.Parts[lampId] = now;
        _counts[(int)was]--;
        _counts[(int)now]++;
    }

    private void Changed()
    {
        _dirty = true;
        if (Open == 0) S.FinishedAt ??= clock.Now;
        events.Publish(new GroupCommandChanged { Township = Township, At = clock.Now, Progress = Progress() });
    }

    private GroupCommandProgress Progress()
    {
        return new GroupCommandProgress
        {
            Id = Key[(Key.IndexOf('/') + 1)..], Township = Township, Request = S.Request!, By = S.By, StartedAt = S.StartedAt, Total = S.Parts.Count,
            Sent = _counts[(int)GroupPartStatus.Sent], Pending = _counts[(int)GroupPartStatus.Pending],
            Acknowledged = _counts[(int)GroupPartStatus.Acknowledged], Failed = _counts[(int)GroupPartStatus.Failed],
            FinishedAt = S.FinishedAt,
        };
    }

    /// <summary>The township's lamps the command covers (hand-picked ones only if they are the township's).</summary>
    private async Task<List<string>> Lamps(GroupCommandRequest request)
    {
        var all = await GrainFactory.GetGrain<ITownshipLampsGrain>(Township).Get();
        if (request.Target == GroupTarget.Township) return [.. all];
        if (request.Target == GroupTarget.Lamps) return [.. all.Intersect(request.LampIds, StringComparer.Ordinal)];
        var covered = new List<string>();
        foreach (var batch in all.Chunk(Batch))
        {
            var profiles = await Task.WhenAll(batch.Select(id => GrainFactory.GetGrain<IStreetlightGrain>(id).GetProfile()));
            covered.AddRange(profiles.Where(p => p is not null && request.Covers(p)).Select(p => p!.LampId));
        }

        return covered;
    }

    private async Task Save()
    {
        _dirty = false;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception)
        {
            _dirty = true;
            throw;
        }
    }
}
