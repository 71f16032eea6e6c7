namespace GridDispatch.Grains.Operations;

public sealed class InstallationGrain(
    [PersistentState("installation")] IPersistentState<InstallationState> state,
    TimeProvider time) : Grain, IInstallationGrain
{
    public async Task<InstallationInfo> RecordStart(string hostName, string version)
    {
        var now = time.GetUtcNow();
        var s = state.State;
        s.FirstStartedAt ??= now;
        s.LastStartedAt = now;
        s.Starts++;
        s.LastHost = hostName;
        s.LastVersion = version;
        // Durable before we answer: the caller reports this start as recorded.
        await state.WriteStateAsync();
        return ToInfo();
    }

    public Task<InstallationInfo> Get() => Task.FromResult(ToInfo());

    private InstallationInfo ToInfo()
    {
        var s = state.State;
        return new(this.GetPrimaryKeyString(), s.FirstStartedAt, s.LastStartedAt, s.Starts, s.LastHost, s.LastVersion);
    }
}

[GenerateSerializer, Alias("GridDispatch.Operations.InstallationState")]
public sealed class InstallationState
{
    [Id(0)] public DateTimeOffset? FirstStartedAt { get; set; }
    [Id(1)] public DateTimeOffset? LastStartedAt { get; set; }
    [Id(2)] public int Starts { get; set; }
    [Id(3)] public string? LastHost { get; set; }
    [Id(4)] public string? LastVersion { get; set; }
}
