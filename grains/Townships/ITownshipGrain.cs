using Orleans.Concurrency;

namespace GridDispatch.Grains.Townships;

/// <summary>One township (乡镇): what it holds, and whether it is in normal or emergency mode.</summary>
[Alias("GridDispatch.Townships.ITownshipGrain")]
public interface ITownshipGrain : IGrainWithStringKey
{
    [Alias("Define")] Task Define(TownshipInfo info);

    [Alias("GetInfo")] Task<TownshipInfo?> GetInfo();

    /// <summary>
    /// Switches mode explicitly; entering an emergency calls every affiliate to report and lights the affected area
    /// (<paramref name="villages"/>, or the whole township: 应急照明), returning to normal restores the schedules.
    /// Asked for the mode it is in, it only finishes the lighting a crash may have left undone.
    /// </summary>
    [Alias("SetMode")] Task<ModeSnapshot> SetMode(TownshipMode mode, string by, string? reason, IReadOnlyList<string>? villages = null);

    /// <summary>报到: an affiliate reports in. False outside an emergency or for someone not called.</summary>
    [Alias("CheckIn")] Task<bool> CheckIn(string affiliateId);

    /// <summary>Interleaves: the lighting asks it while the township may be waiting on the lighting.</summary>
    [Alias("GetMode"), AlwaysInterleave] Task<ModeSnapshot> GetMode();
}
