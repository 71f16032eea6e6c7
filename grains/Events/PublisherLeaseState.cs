namespace GridDispatch.Grains.Events;

/// <summary>The holder of a publisher lease and when it lapses unless renewed.</summary>
[GenerateSerializer, Alias("GridDispatch.Events.PublisherLeaseState")]
public sealed class PublisherLeaseState
{
    [Id(0)] public string? Holder { get; set; }
    [Id(1)] public DateTimeOffset Until { get; set; }
}
