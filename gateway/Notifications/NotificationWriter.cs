using GridDispatch.Gateway.Mqtt;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Notifications;
using GridDispatch.Grains.Townships;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Notifications;

/// <summary>
/// Hears the domain events (as the MQTT publisher does) and puts a message in the outbox for each channel of
/// each recipient the topology gives channels to: a work order offered to a responder (a person or a team),
/// an escalation to the leaders of the level it reached, an emergency call-out to everyone called, a 督办 to
/// the urged holder. Only the gateway that holds the publisher lease writes, so several gateways send once.
/// Events are a live feed: one lost before it reaches this handler (a gateway down at that moment) is not sent.
/// It also watches the incidents' deadlines (<see cref="DeadlineWatch"/>) and, every minute, tells a holder whose
/// deadline is near.
/// </summary>
public sealed partial class NotificationWriter(
    IGrainFactory grains, NotificationOutbox outbox, NotificationSender sender, PublisherLease lease,
    IOptions<NotificationOptions> options, TimeProvider time, ILogger<NotificationWriter> logger) : BackgroundService, IDomainEventHandler
{
    private readonly DeadlineWatch _deadlines = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await WarnOfDeadlinesAsync();
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>即将超时 to each holder whose deadline is within <see cref="NotificationOptions.DeadlineWarning"/>.</summary>
    public async Task WarnOfDeadlinesAsync()
    {
        if (!lease.IsHeld) return;
        var now = time.GetUtcNow();
        var added = 0;
        foreach (var w in _deadlines.Due(now, options.Value.DeadlineWarning))
        {
            try
            {
                var info = await grains.GetGrain<ITownshipGrain>(w.Incident.Report.Township).GetInfo();
                var place = NotificationTexts.Place(w.Incident, w.Incident.Report.Cell, info);
                added += await WriteAsync(w.Incident.Report.Township,
                    NotificationTexts.DeadlineNear(w.Incident, w.ResponderId, w.Kind, w.Due, now, place, options.Value.PublicBaseUrl));
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogPlanFailed(error, "DeadlineNear", w.Incident.Report.Township);
            }
        }

        if (added > 0) sender.Wake();
    }

    public async Task HandleAsync(DomainEventBatch batch, CancellationToken cancellationToken)
    {
        // Every gateway watches, so the one that takes the lease over knows the deadlines already.
        foreach (var e in batch.Events) if (e is IncidentChanged changed) _deadlines.Observe(changed);
        if (!lease.IsHeld) return;
        var added = 0;
        foreach (var e in batch.Events)
        {
            if (e is not (WorkOrderOffered or IncidentEscalated or ReportCalled or WorkOrderUrged)) continue;
            try
            {
                added += await WriteAsync(e.Township, await PlanAsync(e));
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogPlanFailed(error, e.GetType().Name, e.Township);
            }
        }

        if (added > 0) sender.Wake();
    }

    private async Task<NotificationPlan> PlanAsync(DomainEvent e)
    {
        var baseUrl = options.Value.PublicBaseUrl;
        switch (e)
        {
            case WorkOrderOffered o:
            {
                var (incident, place) = await IncidentAsync(o.Township, o.WorkOrder.IncidentId, o.WorkOrder.Cell);
                return NotificationTexts.Offered(o, incident, place, baseUrl);
            }
            case IncidentEscalated x:
            {
                var (incident, place) = await IncidentAsync(x.Township, x.IncidentId, null);
                return NotificationTexts.Escalated(x, incident, place, baseUrl);
            }
            case WorkOrderUrged u:
            {
                var (incident, place) = await IncidentAsync(u.Township, u.IncidentId, null);
                return NotificationTexts.Urged(u, incident, place, baseUrl);
            }
            case ReportCalled c:
                var township = await grains.GetGrain<ITownshipGrain>(c.Township).GetInfo();
                return NotificationTexts.Called(c, township?.Name ?? c.Township, baseUrl);
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "not a notified event");
        }
    }

    private async Task<(IncidentSnapshot? Incident, string Place)> IncidentAsync(string township, string incidentId, string? cell)
    {
        var incident = await grains.GetGrain<IIncidentGrain>(incidentId).Get();
        var info = await grains.GetGrain<ITownshipGrain>(township).GetInfo();
        return (incident, NotificationTexts.Place(incident, cell ?? incident?.Report.Cell ?? "", info));
    }

    /// <summary>One outbox row per channel of each recipient; those already there (a redelivery) are counted, not added.</summary>
    private async Task<int> WriteAsync(string township, NotificationPlan plan)
    {
        var directory = await grains.GetGrain<INotificationDirectoryGrain>(township).Get();
        var added = 0;
        foreach (var recipientId in plan.Recipients.Distinct())
        {
            if (directory.Find(recipientId) is not { } recipient) continue;
            foreach (var address in recipient.Addresses)
            {
                var message = new Notification
                {
                    EventId = plan.EventId, Channel = address.Channel, RecipientId = recipient.Id, RecipientName = recipient.Name, To = address.To,
                    Title = plan.Title, Lines = plan.Lines, Link = plan.Link,
                };
                if (await outbox.AddAsync(message, time.GetUtcNow())) added++;
                else NotificationMetrics.Duplicates.Add(1, new KeyValuePair<string, object?>("channel", address.Channel));
            }
        }

        return added;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not plan notifications for {Event} in {Township}")]
    private partial void LogPlanFailed(Exception error, string @event, string township);
}
