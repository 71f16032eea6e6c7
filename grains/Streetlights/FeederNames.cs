namespace GridDispatch.Grains.Streetlights;

/// <summary>How people name a feeder: 回路 and its number within the township, as on the cabinet, not its id.</summary>
public static class FeederNames
{
    public static string Of(string township, string feeder) =>
        $"回路 {(feeder.StartsWith(township + "-", StringComparison.Ordinal) ? feeder[(township.Length + 1)..] : feeder)}";
}
