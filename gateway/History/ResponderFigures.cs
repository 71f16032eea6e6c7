namespace GridDispatch.Gateway.History;

/// <summary>A responder's work over a period, from the incidents offered to them in it.</summary>
public sealed record ResponderFigures(
    string ResponderId, string Township, int Offered, int Declined, int TimedOut, int Acknowledged, int Resolved,
    double? MeanMinutesToAcknowledge, double? MeanSatisfaction);
