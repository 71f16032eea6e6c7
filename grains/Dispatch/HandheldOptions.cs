using System.ComponentModel.DataAnnotations;

namespace GridDispatch.Grains.Dispatch;

/// <summary>What a responder's handheld may send, and how often. Section <c>Dispatch:Handhelds</c>.</summary>
public sealed class HandheldOptions
{
    public const string Section = "Dispatch:Handhelds";

    /// <summary>
    /// A responder's position is taken at most once per this interval (赶往现场 on the screen's map); a report sooner
    /// is refused with the time to wait, so a phone stuck in a loop cannot flood the screens or the storage.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")] public TimeSpan PositionInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A lamp work order's 完成 from the responder's phone needs a 处置后 photo (the lamp lit), else HTTP 400; the
    /// command centre completing for a responder is not asked. Off for sites whose 护灯队 have no cameras.
    /// </summary>
    public bool CompletionPhotoForLamps { get; set; } = true;
}
