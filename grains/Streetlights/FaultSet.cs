namespace GridDispatch.Grains.Streetlights;

/// <summary>A set of fault codes as bit flags: cheap to keep per lamp and to compare per message.</summary>
[GenerateSerializer, Immutable]
public readonly record struct FaultSet([property: Id(0)] int Bits)
{
    public static FaultSet None => default;

    public static FaultSet Of(params FaultCode[] codes) => codes.Aggregate(None, (set, code) => set.With(code));

    public bool Contains(FaultCode code) => (Bits & (1 << (int)code)) != 0;

    public FaultSet With(FaultCode code) => new(Bits | (1 << (int)code));

    public FaultSet Without(FaultCode code) => new(Bits & ~(1 << (int)code));

    public FaultSet Union(FaultSet other) => new(Bits | other.Bits);

    public bool IsEmpty => Bits == 0;

    public IEnumerable<FaultCode> Codes => FaultCodes.All.Where(Contains);

    public override string ToString() => IsEmpty ? "none" : string.Join(",", Codes);
}
