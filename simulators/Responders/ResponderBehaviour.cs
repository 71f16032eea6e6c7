namespace GridDispatch.Simulators.Responders;

/// <summary>How simulated responders answer a work order: 接单 after a moment, travel, work, 完成.</summary>
public sealed record ResponderBehaviour
{
    public TimeSpan AcknowledgeAfter { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// Travel time, in simulated time like a ride, when the incident's or the responder's position is unknown
    /// (at the default <see cref="TimeScale"/>, 20 s on the clock).
    /// </summary>
    public TimeSpan TravelFor { get; init; } = TimeSpan.FromMinutes(400.0 / 60);

    /// <summary>On an e-bike or a patrol van along village roads; positions are reported on the way (EnRoute).</summary>
    public double SpeedKmh { get; init; } = 30;

    /// <summary>Simulated time runs this much faster than the clock, so a 3 km ride shows on the map in seconds, not minutes.</summary>
    public double TimeScale { get; init; } = 20;

    /// <summary>Positions are reported at most this often while travelling.</summary>
    public TimeSpan PositionEvery { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan WorkFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Chance of declining by letting the offer lapse (the dispatcher then asks the next).</summary>
    public double IgnoreRate { get; init; } = 0.05;

    /// <summary>Work orders left unanswered by their title (a scenario's "no one could go").</summary>
    public Func<string, bool>? Ignores { get; init; }
}
