namespace GridDispatch.Grains.Incidents;

/// <summary>
/// 并案 of one township, one at a time. A merge holds the duplicate while it asks the master to record it; two
/// operators merging A into B and B into A at once would each hold one and wait for the other until the call
/// timed out. Through the desk the second waits for the first, then finds the incidents changed (412, or 409
/// without a version): one wins, the other is refused at once.
/// </summary>
[Alias("GridDispatch.Incidents.IMergeDeskGrain")]
public interface IMergeDeskGrain : IGrainWithStringKey
{
    /// <summary><see cref="IIncidentGrain.MergeInto"/> of <paramref name="duplicateId"/>, after any merge of the township already under way.</summary>
    [Alias("Merge")] Task<IncidentResult> Merge(string duplicateId, string by, string masterId, string? reason, int? expectedVersion);
}
