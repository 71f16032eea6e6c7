namespace GridDispatch.Grains.Townships;

/// <summary>
/// 应急照明, the lamps' part of an emergency, keyed by township id. Owned here, implemented by the township's
/// lighting in <c>Lighting/</c>, so a township need not know it. Both calls are idempotent: the switch asked again
/// finishes what a crash left undone.
/// </summary>
[Alias("GridDispatch.Townships.IEmergencyLightingGrain")]
public interface IEmergencyLightingGrain : IGrainWithStringKey
{
    /// <summary>Lights the area (<paramref name="villages"/>, or the whole township) as the township's setting says; what it did, in words for the audit trail.</summary>
    [Alias("LightEmergency")] Task<string> LightEmergency(IReadOnlyList<string> villages, string by);

    /// <summary>Back to normal: the lamps the emergency lit are sent their schedule's program again. Null when none were lit.</summary>
    [Alias("EndEmergency")] Task<string?> EndEmergency(string by);
}
