namespace GridDispatch.Grains.Common;

/// <summary>
/// Fault injection for crash-consistency tests: named places between a durable write and the calls
/// that must follow it. Nothing is armed in production, where <see cref="Reached"/> is one volatile
/// read. A test arms a point; the next time a grain reaches it, it throws as if the process died there.
/// </summary>
public sealed class CrashPoints
{
    private volatile string? _armed;
    private volatile bool _recording;

    /// <summary>Points passed while recording, so a test can walk every one of them.</summary>
    public HashSet<string> Passed { get; } = [];

    public void Record() => _recording = true;

    /// <summary>The next grain to reach <paramref name="point"/> throws <see cref="InjectedCrashException"/>, once.</summary>
    public void Arm(string point) => _armed = point;

    public void Disarm() => _armed = null;

    /// <summary>The point still waiting to fire, if any.</summary>
    public string? Armed => _armed;

    public void Reached(string point)
    {
        if (_recording) lock (Passed) Passed.Add(point);
        var armed = _armed;
        if (armed is null) return;
        if (armed == point && Interlocked.CompareExchange(ref _armed, null, armed) == armed) throw new InjectedCrashException(point);
    }
}

/// <summary>Thrown by an armed <see cref="CrashPoints"/> point.</summary>
[GenerateSerializer, Alias("GridDispatch.Common.InjectedCrashException")]
public sealed class InjectedCrashException(string point) : Exception($"injected crash at {point}")
{
    [Id(0)] public string Point { get; } = point;
}
