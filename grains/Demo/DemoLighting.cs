using GridDispatch.Grains.Lighting;

namespace GridDispatch.Grains.Demo;

/// <summary>
/// The demo townships' default 控制方案, set when their lamps are simulated (<see cref="DemoOptions.Life"/>) and no schedule
/// is there yet: on at sunset at 100 %, dimmed to 50 % from 22:00 until sunrise, when the streets are empty. The dimming is
/// what makes the seeds' 节电 30 % against the full-power baseline (docs/LIGHTING.md, Energy; measured by EnergySavingTests).
/// </summary>
public static class DemoLighting
{
    public static LightingSchedule Schedule { get; } = new() { Brightness = 100, Steps = [new DimLevel("22:00", 50)] };
}
