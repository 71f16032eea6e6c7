namespace GridDispatch.Grains.Open311;

public sealed class Open311KeysGrain([PersistentState("open311-keys")] IPersistentState<Open311KeysState> state, TimeProvider time)
    : Grain, IOpen311KeysGrain
{
    public async Task<Open311Key> Issue(string sha256, string label, IReadOnlyList<string> townships, string issuedBy)
    {
        var key = new Open311Key(sha256[..12], label, [.. townships], issuedBy, time.GetUtcNow(), null);
        state.State.Keys[sha256] = key;
        await state.WriteStateAsync(); // durable before the key is handed out
        return key;
    }

    public Task<Open311Key?> Find(string sha256) =>
        Task.FromResult(state.State.Keys.TryGetValue(sha256, out var key) && key.RevokedAt is null ? key : null);

    public Task<IReadOnlyList<Open311Key>> List() => Task.FromResult<IReadOnlyList<Open311Key>>([.. state.State.Keys.Values.OrderBy(k => k.IssuedAt)]);

    public async Task<bool> Revoke(string id, DateTimeOffset at)
    {
        if (state.State.Keys.FirstOrDefault(k => k.Value.Id == id && k.Value.RevokedAt is null) is not { Value: { } key } entry) return false;
        state.State.Keys[entry.Key] = key with { RevokedAt = at };
        await state.WriteStateAsync();
        return true;
    }
}

[GenerateSerializer, Alias("GridDispatch.Open311.Open311KeysState")]
public sealed class Open311KeysState
{
    /// <summary>By the SHA-256 (hex) of the key.</summary>
    [Id(0)] public Dictionary<string, Open311Key> Keys { get; set; } = [];
}
