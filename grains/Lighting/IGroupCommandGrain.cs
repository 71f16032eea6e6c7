using Orleans.Concurrency;
using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Grains.Lighting;

/// <summary>One group command (群控), keyed <c>{township}/{id}</c>: sends each lamp its part and tracks them to the end.</summary>
[Alias("GridDispatch.Lighting.IGroupCommandGrain")]
public interface IGroupCommandGrain : ILampCommandGroupGrain
{
    /// <summary>
    /// Sends the command to the lamps it covers (beyond the first <see cref="GroupCommandGrain.InlineParts"/>, in the background);
    /// started twice, the second start changes nothing. Null with an error when refused.
    /// </summary>
    [Alias("Start")] Task<(GroupCommandProgress? Progress, string? Error)> Start(GroupCommandRequest request, string by);

    /// <summary>Null for a command never started. Read while the command is still being sent.</summary>
    [Alias("GetProgress"), AlwaysInterleave] Task<GroupCommandProgress?> GetProgress();

    /// <summary>Asks the lamps whose part is not settled how it stands (catches up an end whose message was lost).</summary>
    [Alias("Refresh")] Task<GroupCommandProgress?> Refresh();
}

public static class GroupCommandKeys
{
    public static string For(string township, string id) => $"{township}/{id}";
}
