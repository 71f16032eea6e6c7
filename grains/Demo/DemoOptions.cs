namespace GridDispatch.Grains.Demo;

/// <summary>
/// The demo (<c>--demo</c>): imports 益门镇 and 彰冠镇 if they are not there yet, and turns on the demo
/// credentials (docs/INTERFACES.md, Defaults) (lamp id / <c>demo</c>, <c>admin</c> / <c>demo</c>). Never on a real deployment.
/// </summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    /// <summary>
    /// With the demo, run 益门镇's lamps, responders and grid leaders in-process through the simulators
    /// (MQTT and gRPC to this process's own ports), so the first screen is a living township.
    /// </summary>
    public bool Life { get; set; } = true;

    /// <summary>Seconds between a simulated lamp's reports.</summary>
    public double LampInterval { get; set; } = 10;

    /// <summary>Chance per report that a simulated lamp starts a fault.</summary>
    public double FaultRate { get; set; } = 0.0005;

    /// <summary>Seconds between simulated whistles (about).</summary>
    public double WhistleEvery { get; set; } = 45;
}
