using System.Security.Claims;
using System.Text.Json.Serialization.Metadata;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Townships;
using GridDispatch.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridDispatch.Gateway.Http;

/// <param name="ReportedBy">As on the incident: a person id, an account, or <c>12345:name</c>.</param>
/// <param name="Name">The grid leader's name when a leader reported it.</param>
/// <param name="Phone">A number to call back (拨打), if one is known.</param>
public sealed record ReporterContact(string ReportedBy, string? Name, string? Phone);

/// <summary>
/// The reporter with a number to call (回访): personal data, so only the command centre (county and township
/// accounts) reads it, and the responder who holds the incident's work order while they hold it (to call the
/// reporter from the scene); no incident in any HTTP answer carries it. A 12345 caller's number is the one
/// given with the request; a grid leader's is looked up in the township's topology when asked (the current one).
/// </summary>
public static class ReporterContacts
{
    public static async Task<Results<Ok<ReporterContact>, ProblemHttpResult>> Get(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (id.Length > 200 || await grains.GetGrain<IIncidentGrain>(id).Get() is not { } incident) return ApiProblems.NotFound($"incident {id}");
        var report = incident.Report;
        if (user.Caller() is not { } caller || !(caller.MayCommand && caller.MaySee(report.Township) || Holds(caller, incident))) return ApiProblems.Forbidden(report.Township);
        if (report.ReporterPhone is { } given) return TypedResults.Ok(new ReporterContact(report.ReportedBy, null, given));
        var leader = report.Source == IncidentSource.Whistle && await grains.GetGrain<ITownshipGrain>(report.Township).GetInfo() is { } info
            ? info.CellTree.FirstOrDefault(c => c.LeaderId == report.ReportedBy)
            : null;
        return TypedResults.Ok(new ReporterContact(report.ReportedBy, leader?.LeaderName, leader?.LeaderPhone));
    }

    /// <summary>The responder whose open work order this is: once it is done, or handed to someone else, the number is not theirs to read.</summary>
    private static bool Holds(Caller caller, IncidentSnapshot incident) =>
        caller.Role == Grains.Accounts.AccountRole.Responder && caller.PersonId is { } me && incident.ResponderId == me && incident.Status.IsOpen();

    /// <summary>Leaves <see cref="IncidentReport.ReporterPhone"/> out of every JSON answer: the one door to it is <see cref="Get"/>.</summary>
    public static void HidePhone(JsonTypeInfo type)
    {
        if (type.Type != typeof(IncidentReport)) return;
        for (var i = type.Properties.Count - 1; i >= 0; i--)
            if (type.Properties[i].Name.Equals(nameof(IncidentReport.ReporterPhone), StringComparison.OrdinalIgnoreCase)) type.Properties.RemoveAt(i);
    }
}
