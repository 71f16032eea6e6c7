namespace GridDispatch.Grains.Incidents;

/// <summary>Why an incident's lifecycle refused a command: the kind a caller acts on, and a reason a person can read.</summary>
public sealed record IncidentRefusal(IncidentError Error, string Message)
{
    public static IncidentRefusal NotTheirs(string who) => new(IncidentError.NotAssigned, $"{who} does not hold this incident");

    public static IncidentRefusal WrongState(string message) => new(IncidentError.InvalidState, message);

    public static IncidentRefusal Invalid(string message) => new(IncidentError.InvalidArgument, message);
}
