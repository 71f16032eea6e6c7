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
    /// <summary>Lamps not yet asked for their part, in order: a large command is sent in the background, and resumed after a restart.</summary>
    [Id(5)] public List<string> Queued { get; set; } = [];
}

/// <summary>
/// A group command: resolves its lamps, asks each for its part (<see cref="IStreetlightGrain.RunGroupCommand"/>),
/// and counts the ends the lamps report. Acknowledgements are saved at most every <see cref="SaveEvery"/> (800
/// lamps answering within a second are not 800 writes); what a crash loses, <see cref="Refresh"/> asks the
/// lamps again, as does a check every <see cref="RefreshEvery"/> while parts are open, which also has each online lamp
/// re-send a part sent at least that long ago (a command lost on the way to a lamp that stays silent; not sooner, since a
/// large command's parts are still leaving for a while).
/// <see cref="Start"/> asks the first <see cref="InlineParts"/> lamps itself and answers; a larger command's other lamps are
/// asked in the background (shown as queued), since 100,000 lamps take longer than a call may. Lamps' answers and reads of
/// the progress interleave with the sending, so the count moves while it goes on.
/// </summary>
public sealed class GroupCommandGrain(
    [PersistentState("group-command")] IPersistentState<GroupCommandState> state,
    IDomainEvents events,
    DomainClock clock) : Grain, IGroupCommandGrain
{
    public static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);
    private const int Batch = 200;
    /// <summary>Parts <see cref="Start"/> sends before it answers: a village's or a hand-picked set's, whole.</summary>
    public const int InlineParts = 5_000;

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
        if (S.Queued.Count > 0) SendQueuedInBackground(); // a restart during a large command's sending
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
        S.Queued = [.. lamps.Distinct(StringComparer.Ordinal)];
        await SendQueued(InlineParts);

        // Lamps answering meanwhile are counted as they come (LampSettled interleaves): their parts are written down by now.
        Changed();
        await Save();
        if (S.Queued.Count > 0) SendQueuedInBackground();
        return (Progress(), null);
    }

    /// <summary>
    /// Asks up to <paramref name="most"/> queued lamps for their part, a batch at a time. Each part counts as sent before its
    /// lamp is asked, so an answer that overtakes the reply is not lost; the reply then says held (pending) or refused (failed).
    /// </summary>
    private async Task SendQueued(int most)
    {
        var (type, brightness, profile) = S.Request!.ToLampCommand();
        for (var done = 0; done < most && S.Queued.Count > 0;)
        {
            var batch = S.Queued.GetRange(0, Math.Min(Batch, Math.Min(most - done, S.Queued.Count)));
            foreach (var lamp in batch)
                if (S.Parts.TryAdd(lamp, GroupPartStatus.Sent)) _counts[(int)GroupPartStatus.Sent]++;
            var results = await Task.WhenAll(batch.Select(id => GrainFactory.GetGrain<IStreetlightGrain>(id).RunGroupCommand(Key, type, brightness, profile, S.By, S.Request.Emergency)));
            for (var i = 0; i < batch.Count; i++)
            {
                var part = !results[i].Ok ? GroupPartStatus.Failed : results[i].Command is { Held: true } ? GroupPartStatus.Pending : GroupPartStatus.Sent;
                if (part != GroupPartStatus.Sent && S.Parts[batch[i]] == GroupPartStatus.Sent) Set(batch[i], GroupPartStatus.Sent, part);
            }

            S.Queued.RemoveRange(0, batch.Count);
            done += batch.Count;
            if (S.Queued.Count > 0) Changed(); // the screen sees the sending advance
        }
    }

    /// <summary>
    /// The rest of a large command, on a one-off timer: requests other than the lamps' answers and progress reads wait.
    /// A failure (a lamp's silo gone) leaves the rest queued and tries again shortly.
    /// </summary>
    private void SendQueuedInBackground(TimeSpan? after = null)
    {
        IGrainTimer? timer = null;
        timer = this.RegisterGrainTimer(async () =>
        {
            timer?.Dispose();
            try
            {
                await SendQueued(int.MaxValue);
            }
            catch (Exception)
            {
                SendQueuedInBackground(TimeSpan.FromSeconds(5));
                throw; // logged by the runtime
            }
            finally
            {
                Changed();
                await Save();
            }
        }, after ?? TimeSpan.Zero, Timeout.InfiniteTimeSpan);
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
            var parts = await Task.WhenAll(batch.Select(id => GrainFactory.GetGrain<IStreetlightGrain>(id).CheckGroupPart(Key, RefreshEvery)));
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

    private int Open => _counts[(int)GroupPartStatus.Sent] + _counts[(int)GroupPartStatus.Pending] + S.Queued.Count;

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
            Id = Key[(Key.IndexOf('/') + 1)..], Township = Township, Request = S.Request!, By = S.By, StartedAt = S.StartedAt,
            Total = S.Parts.Count + S.Queued.Count, Queued = S.Queued.Count,
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
