namespace GridDispatch.Grains.Grid;

/// <summary>
/// What a cell reports up the tree: its lamps, open incidents, responders and missed deadlines.
/// Integers only, so sums are exact and "the root equals the sum of the leaves" can be checked to the unit.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Grid.CellFigures")]
public sealed record CellFigures
{
    public static readonly CellFigures Zero = new();

    [Id(0)] public int LampsTotal { get; init; }
    /// <summary>Lit now; with <see cref="LampsTotal"/> gives 亮灯率.</summary>
    [Id(1)] public int LampsLit { get; init; }
    /// <summary>With an open fault alarm (DAY_BURNING aside, which wastes energy but lights the road).</summary>
    [Id(2)] public int LampsFaulty { get; init; }
    [Id(3)] public int LampsOffline { get; init; }
    [Id(4)] public int IncidentsMicro { get; init; }
    [Id(5)] public int IncidentsMinor { get; init; }
    [Id(6)] public int IncidentsMajor { get; init; }
    [Id(7)] public int IncidentsEmergency { get; init; }
    [Id(8)] public int RespondersAvailable { get; init; }
    [Id(9)] public int DeadlinesMissed { get; init; }

    public int OpenIncidents => IncidentsMicro + IncidentsMinor + IncidentsMajor + IncidentsEmergency;

    public bool IsZero => this == Zero;

    // One lamp's share is one of eight: lit or not, faulty or not, offline or not.
    private static readonly CellFigures[] LampShares =
        [.. Enumerable.Range(0, 8).Select(i => new CellFigures { LampsTotal = 1, LampsLit = i & 1, LampsFaulty = (i >> 1) & 1, LampsOffline = (i >> 2) & 1 })];

    /// <summary>One lamp's share of its cell's figures, as one of eight shared instances rather than a copy in every lamp and cell.</summary>
    public static CellFigures OneLamp(bool lit, bool faulty, bool offline) => LampShares[(lit ? 1 : 0) | (faulty ? 2 : 0) | (offline ? 4 : 0)];

    /// <summary>The shared instance equal to these figures if they are one lamp's share (as read from storage or a message), else these.</summary>
    public CellFigures Shared() =>
        LampsTotal == 1 && LampsLit is 0 or 1 && LampsFaulty is 0 or 1 && LampsOffline is 0 or 1 && LampShares[LampsLit | LampsFaulty << 1 | LampsOffline << 2] is var share && share == this
            ? share
            : this;

    public static CellFigures operator +(CellFigures a, CellFigures b) => new()
    {
        LampsTotal = a.LampsTotal + b.LampsTotal,
        LampsLit = a.LampsLit + b.LampsLit,
        LampsFaulty = a.LampsFaulty + b.LampsFaulty,
        LampsOffline = a.LampsOffline + b.LampsOffline,
        IncidentsMicro = a.IncidentsMicro + b.IncidentsMicro,
        IncidentsMinor = a.IncidentsMinor + b.IncidentsMinor,
        IncidentsMajor = a.IncidentsMajor + b.IncidentsMajor,
        IncidentsEmergency = a.IncidentsEmergency + b.IncidentsEmergency,
        RespondersAvailable = a.RespondersAvailable + b.RespondersAvailable,
        DeadlinesMissed = a.DeadlinesMissed + b.DeadlinesMissed,
    };

    public static CellFigures operator -(CellFigures a, CellFigures b) => a + b.Negated();

    private CellFigures Negated() => new()
    {
        LampsTotal = -LampsTotal, LampsLit = -LampsLit, LampsFaulty = -LampsFaulty, LampsOffline = -LampsOffline,
        IncidentsMicro = -IncidentsMicro, IncidentsMinor = -IncidentsMinor, IncidentsMajor = -IncidentsMajor,
        IncidentsEmergency = -IncidentsEmergency, RespondersAvailable = -RespondersAvailable, DeadlinesMissed = -DeadlinesMissed,
    };
}
