namespace GridDispatch.Simulators.Responders;

/// <summary>How simulated responders answer a work order: 接单 after a moment, travel, work, 完成.</summary>
public sealed record ResponderBehaviour
{
    public TimeSpan AcknowledgeAfter { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan TravelFor { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan WorkFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Chance of declining by letting the offer lapse (the dispatcher then asks the next).</summary>
    public double IgnoreRate { get; init; } = 0.05;

    /// <summary>Work orders left unanswered by their title (a scenario's "no one could go").</summary>
    public Func<string, bool>? Ignores { get; init; }
}
