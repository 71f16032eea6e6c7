namespace GridDispatch.Gateway;

/// <summary>
/// The demo (<c>--demo</c>): imports 益门镇 and 彰冠镇 if they are not there yet, and turns on the demo
/// credentials of CONTRACTS.md (lamp id / <c>demo</c>, <c>admin</c> / <c>demo</c>). Never on a real deployment.
/// </summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }
}
