using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Dashboard.Map;

/// <summary>A tile fetched from the operator's XYZ server for the page: the answer's bytes, or none (the server has no such tile).</summary>
public sealed record UpstreamTile(byte[]? Data, string? ContentType);

/// <summary>
/// Fetches XYZ tiles for the page, so the template's key stays on the server and the page's content security
/// policy stays same-origin. One GET per tile, no cache of our own: the browser caches what it is told to.
/// </summary>
public sealed partial class XyzTileProxy(IHttpClientFactory clients, IOptions<BasemapOptions> options, TimeProvider time, ILogger<XyzTileProxy> logger)
{
    public const string ClientName = "basemap";
    private const int MaxTileBytes = 4 * 1024 * 1024;

    /// <summary>A screen asks for dozens of tiles at once: a server that is down is logged once a minute, not once a tile.</summary>
    private long _nextLogAt;

    /// <summary>The tile, or null when the upstream server could not be asked or answered with an error.</summary>
    public async Task<UpstreamTile?> FetchAsync(TileAddress tile, CancellationToken cancellationToken)
    {
        var url = XyzTemplate.Fill(options.Value.Url!, tile.Z, tile.X, tile.Y);
        try
        {
            using var answer = await clients.CreateClient(ClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (answer.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.NoContent) return new UpstreamTile(null, null);
            if (!answer.IsSuccessStatusCode)
            {
                if (MayLog()) LogRefused((int)answer.StatusCode, tile.Z, tile.X, tile.Y);
                return null;
            }

            if (answer.Content.Headers.ContentLength > MaxTileBytes) return null;
            var data = await answer.Content.ReadAsByteArrayAsync(cancellationToken);
            return new UpstreamTile(data, answer.Content.Headers.ContentType?.ToString());
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (MayLog()) LogUnreachable(error.GetType().Name, tile.Z, tile.X, tile.Y);
            return null;
        }
    }

    private bool MayLog()
    {
        var now = time.GetTimestamp();
        var next = Interlocked.Read(ref _nextLogAt);
        return now >= next && Interlocked.CompareExchange(ref _nextLogAt, now + time.TimestampFrequency * 60, next) == next;
    }

    // The URL is not logged: its query may hold the operator's key. Failures are counted per tile (MapMetrics).
    [LoggerMessage(Level = LogLevel.Warning, Message = "The basemap server answered {Status} for tile {Z}/{X}/{Y}")]
    private partial void LogRefused(int status, int z, int x, int y);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The basemap server could not be reached for tile {Z}/{X}/{Y} ({Error})")]
    private partial void LogUnreachable(string error, int z, int x, int y);
}
