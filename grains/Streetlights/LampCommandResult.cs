namespace GridDispatch.Grains.Streetlights;

/// <summary>A command as sent, or why it was not.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.LampCommandResult")]
public sealed record LampCommandResult([property: Id(0)] LampCommand? Command, [property: Id(1)] string? Error)
{
    public bool Ok => Error is null;

    /// <summary>Nothing to send: the lamp already has it (or it is on its way).</summary>
    public static readonly LampCommandResult Nothing = new(null, null);
}
