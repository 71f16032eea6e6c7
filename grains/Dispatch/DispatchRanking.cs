using GridDispatch.Grains.Common;
using GridDispatch.Grains.Incidents;

namespace GridDispatch.Grains.Dispatch;

/// <summary>
/// Who is asked first: among responders on duty, qualified, not excluded and with room, the one
/// who holds (包保) the nearest cell of the incident's path; then the nearest; then the least loaded.
/// Emergencies may go to a responder already at capacity: they pre-empt routine work.
/// </summary>
public static class DispatchRanking
{
    public static IReadOnlyList<ResponderCard> Rank(IEnumerable<ResponderCard> responders, DispatchRequest request) =>
        [.. responders
            .Where(r => Eligible(r, request))
            .OrderBy(r => HomeAreaRank(r, request))
            .ThenBy(r => GeoDistance.Km(r.Lat, r.Lon, request.Lat, request.Lon) ?? double.MaxValue)
            .ThenBy(r => r.Load)
            .ThenBy(r => r.Id, StringComparer.Ordinal)];

    /// <summary>
    /// Everyone, for a dispatcher choosing by hand: those the dispatcher would ask, in its order; then the
    /// qualified who are full or off duty; then the rest. Each with distance and load, so the choice is informed.
    /// </summary>
    public static IReadOnlyList<RankedResponder> ForHand(IEnumerable<ResponderCard> responders, DispatchRequest request) =>
        [.. responders
            .Select(r => new RankedResponder
            {
                Responder = r, DistanceKm = GeoDistance.Km(r.Lat, r.Lon, request.Lat, request.Lon), Eligible = Eligible(r, request),
                Qualified = CategorySkills.CanHandle(request.Category, r.Skills), HomeArea = HomeAreaRank(r, request) != int.MaxValue,
            })
            .OrderByDescending(r => r.Eligible)
            .ThenByDescending(r => r.Qualified)
            .ThenBy(r => HomeAreaRank(r.Responder, request))
            .ThenBy(r => r.DistanceKm ?? double.MaxValue)
            .ThenBy(r => r.Responder.Load)
            .ThenBy(r => r.Responder.Id, StringComparer.Ordinal)];

    public static bool Eligible(ResponderCard r, DispatchRequest request) =>
        r.Status != ResponderStatus.OffDuty
        && !request.Exclude.Contains(r.Id)
        && CategorySkills.CanHandle(request.Category, r.Skills)
        && (r.Load < r.Capacity || request.Severity == IncidentSeverity.Emergency);

    /// <summary>0 if the responder holds the incident's own cell, 1 for its parent, …; int.MaxValue if none.</summary>
    public static int HomeAreaRank(ResponderCard r, DispatchRequest request)
    {
        for (var i = 0; i < request.CellPath.Count; i++)
            if (r.HomeAreas.Contains(request.CellPath[i])) return i;
        return int.MaxValue;
    }
}
