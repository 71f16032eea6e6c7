namespace GridDispatch.Grains.Incidents;

/// <summary>
/// <see cref="IMergeDeskGrain"/>: no state, a queue. Not reentrant, so its turns never overlap; the incidents it
/// calls call no desk back, so it cannot be part of a cycle itself.
/// </summary>
public sealed class MergeDeskGrain : Grain, IMergeDeskGrain
{
    public Task<IncidentResult> Merge(string duplicateId, string by, string masterId, string? reason, int? expectedVersion) =>
        GrainFactory.GetGrain<IIncidentGrain>(duplicateId).MergeInto(by, masterId, reason, expectedVersion);
}
