namespace GridDispatch.Grains.Dispatch;

/// <summary>Why a responder's own change (上班/下班, a position report) was not taken.</summary>
[GenerateSerializer]
public enum ResponderRefusal { None, NotFound, InvalidArgument, HoldsWork, OffDuty, TooSoon }

/// <summary>The responder after a duty switch or a position report, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Dispatch.ResponderAnswer")]
public sealed record ResponderAnswer
{
    [Id(0)] public ResponderRefusal Refusal { get; init; }
    [Id(1)] public ResponderSnapshot? Responder { get; init; }
    [Id(2)] public string? Message { get; init; }
    /// <summary>For <see cref="ResponderRefusal.TooSoon"/>: when the next report will be taken.</summary>
    [Id(3)] public TimeSpan? RetryAfter { get; init; }

    public bool Ok => Refusal == ResponderRefusal.None;

    public static ResponderAnswer Done(ResponderSnapshot responder) => new() { Responder = responder };

    public static ResponderAnswer Refused(ResponderRefusal refusal, string message, TimeSpan? retryAfter = null) =>
        new() { Refusal = refusal, Message = message, RetryAfter = retryAfter };
}
