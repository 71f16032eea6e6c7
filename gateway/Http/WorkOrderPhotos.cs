using System.Security.Claims;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Incidents;
using GridDispatch.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridDispatch.Gateway.Http;

/// <param name="Photo">到场 photo, a data URL as the whistle's.</param>
public sealed record ArriveRequest(string? Photo);

/// <param name="Note">处置说明.</param>
/// <param name="Before">处置前 photo, a data URL.</param>
/// <param name="After">处置后 photo, a data URL; required on a lamp work order's 完成 sent from the responder's phone (see <see cref="HandheldOptions.CompletionPhotoForLamps"/>).</param>
public sealed record ResolveRequest(string? Note, string? Before = null, string? After = null);

/// <summary>
/// The photos of 到场 and 完成: parsed before the step (a bad photo refuses the step), saved once the step is taken.
/// A re-sent step brings the same photos, which the incident's photo set does not take twice.
/// </summary>
public static class WorkOrderPhotos
{
    /// <summary>What the phone page shows when 完成 of a lamp order comes without its 处置后 photo.</summary>
    public const string AfterPhotoRequired = "路灯工单完成时须附处置后照片";

    public static bool TryParse(string? dataUrl, PhotoKind kind, string by, TimeProvider time, out IncidentPhoto? photo, out ProblemHttpResult? problem)
    {
        photo = null;
        problem = null;
        if (dataUrl is null) return true;
        if (PhotoDataUrl.Parse(dataUrl, out var why) is not { } parsed)
        {
            problem = ApiProblems.Invalid($"{kind.ToString().ToLowerInvariant()}: {why}");
            return false;
        }

        photo = new IncidentPhoto(parsed.ContentType, parsed.Bytes, by, time.GetUtcNow()) { Kind = kind };
        return true;
    }

    /// <summary>
    /// A lamp work order (lamps on it, or a 路灯 whistle) completed by the responder themselves needs its 处置后 photo,
    /// in this request or saved already; the command centre completing for them at a desk has no camera and is exempt.
    /// </summary>
    public static async Task<ProblemHttpResult?> MissingAfterPhoto(string incidentId, ClaimsPrincipal user, IGrainFactory grains, HandheldOptions options)
    {
        if (!options.CompletionPhotoForLamps || user.Caller() is not { MayCommand: false }) return null;
        // an order already done answers its re-sent 完成 as it is (the outbox's resend), photo or not
        if (await grains.GetGrain<IIncidentGrain>(incidentId).Get() is not { } incident || !IsLampWork(incident) || incident.Status is IncidentStatus.Resolved or IncidentStatus.Closed)
            return null;
        var saved = await grains.GetGrain<IIncidentPhotoGrain>(incidentId).List();
        return saved.Any(p => p.Kind == PhotoKind.After) ? null : ApiProblems.Invalid(AfterPhotoRequired);
    }

    public static bool IsLampWork(IncidentSnapshot incident) =>
        incident.Lamps.Count > 0 || string.Equals(incident.Report.Category, "lighting", StringComparison.OrdinalIgnoreCase);

    public static async Task Save(IGrainFactory grains, string incidentId, params IncidentPhoto?[] photos)
    {
        var photoGrain = grains.GetGrain<IIncidentPhotoGrain>(incidentId);
        foreach (var photo in photos)
            if (photo is not null) await photoGrain.Attach(photo.Kind, [photo]);
    }
}
