using System.Security.Claims;
using GridDispatch.Gateway.Http;
using GridDispatch.Grains.Accounts;
using GridDispatch.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GridDispatch.Gateway.Notifications;

/// <summary>A given-up message as operators see it: who, which channel, why; never the channel's URL or secret.</summary>
public sealed record FailedNotification(
    string EventId, string Channel, string Recipient, string? RecipientName, string Title, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? FailedAt);

public sealed record NotificationStatus(bool Enabled, long Pending, long Failed, IReadOnlyList<FailedNotification> Recent);

/// <summary><c>GET /api/notifications/failed?limit=</c>: for the county (the operators) only.</summary>
public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/notifications/failed", GetFailed).RequireAuthorization().WithTags("notifications");
        return app;
    }

    public static async Task<Results<Ok<NotificationStatus>, ProblemHttpResult>> GetFailed(ClaimsPrincipal user, IServiceProvider services, int? limit)
    {
        if (user.Caller() is not { Role: AccountRole.County }) return ApiProblems.Forbidden("county");
        if (services.GetService<NotificationOutbox>() is not { } outbox) return TypedResults.Ok(new NotificationStatus(false, 0, 0, []));
        var (pending, failed) = await outbox.CountAsync();
        var recent = await outbox.FailedAsync(Math.Clamp(limit ?? 100, 1, 1000));
        return TypedResults.Ok(new NotificationStatus(true, pending, failed, [.. recent.Select(e => new FailedNotification(
            e.Message.EventId, e.Message.Channel, e.Message.RecipientId, e.Message.RecipientName, e.Message.Title, e.Attempts, e.LastError, e.CreatedAt, e.DoneAt))]));
    }
}
