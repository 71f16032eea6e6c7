namespace GridDispatch.Simulators;

/// <summary>Which of a township's devices and people a simulation runs: <c>life</c> runs all, <c>lamps</c>, <c>handhelds</c> and <c>responders</c> one each.</summary>
[Flags]
public enum LifeParts
{
    Lamps = 1,
    Responders = 2,
    Whistles = 4,
    All = Lamps | Responders | Whistles,
}
