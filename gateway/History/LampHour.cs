namespace GridDispatch.Gateway.History;

/// <summary>One lamp's hour (starting at <see cref="Hour"/>): energy used, its full-power baseline, and hours lit (0–1).</summary>
public sealed record LampHour(
    string Lamp, string Township, string Village, string Cell, DateTimeOffset Hour,
    double EnergyWh, double BaselineWh, double BurnHours);
