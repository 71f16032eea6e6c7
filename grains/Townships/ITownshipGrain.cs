namespace GridDispatch.Grains.Townships;

/// <summary>One township (乡镇): what it holds, and whether it is in normal or emergency mode.</summary>
[Alias("GridDispatch.Townships.ITownshipGrain")]
public interface ITownshipGrain : IGrainWithStringKey
{
    [Alias("Define")] Task Define(TownshipInfo info);

    [Alias("GetInfo")] Task<TownshipInfo?> GetInfo();

    /// <summary>Switches mode explicitly; entering an emergency calls every affiliate to report.</summary>
    [Alias("SetMode")] Task<ModeSnapshot> SetMode(TownshipMode mode, string by, string? reason);

    /// <summary>报到: an affiliate reports in. False outside an emergency or for someone not called.</summary>
    [Alias("CheckIn")] Task<bool> CheckIn(string affiliateId);

    [Alias("GetMode")] Task<ModeSnapshot> GetMode();
}
