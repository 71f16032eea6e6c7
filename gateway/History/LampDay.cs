namespace GridDispatch.Gateway.History;

/// <summary>A village's lamps over one Beijing day (<see cref="Day"/>): energy used, the full-power baseline over their scheduled hours, hours lit.</summary>
public sealed record LampDay(string Township, string Village, DateOnly Day, double EnergyWh, double BaselineWh, double BurnHours);
