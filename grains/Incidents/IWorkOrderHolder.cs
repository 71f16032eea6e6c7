using Orleans.Concurrency;

namespace GridDispatch.Grains.Incidents;

/// <summary>
/// Whoever holds an incident's work order, as the incident sees them: it offers and withdraws.
/// A responder implements it, so incidents never name dispatch's grains.
/// </summary>
[Alias("GridDispatch.Incidents.IWorkOrderHolder")]
public interface IWorkOrderHolder : IGrainWithStringKey
{
    /// <summary>From the dispatcher. One-way: the dispatcher never waits on a responder.</summary>
    [OneWay, Alias("Offer")] Task Offer(WorkOrder workOrder);

    /// <summary>From the incident when the order ends or moves on. One-way, so incident and responder never wait on each other.</summary>
    [OneWay, Alias("Withdraw")] Task Withdraw(string incidentId, string reason);
}
