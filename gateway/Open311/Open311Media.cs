using Microsoft.AspNetCore.Http;
using GridDispatch.Grains.Incidents;

namespace GridDispatch.Gateway.Open311;

/// <summary>
/// <c>GET /open311/v2/requests/{id}/media</c>: the photo of a 12345 request, which a request's <c>media_url</c>
/// points at. Public like the request itself, and only for 12345 requests (a whistle's photo stays behind sign-in).
/// </summary>
public static class Open311Media
{
    public static async Task<IResult> Get(string id, IGrainFactory grains)
    {
        if (await Open311Endpoints.FindAsync(id, grains) is null || await grains.GetGrain<IIncidentPhotoGrain>(id).Get() is not { } photo)
            return Open311Endpoints.Error(404, $"no media for service request {id}");
        return TypedResults.File(photo.Bytes, photo.ContentType);
    }
}
