using GridDispatch.Dashboard.Map;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class MapServices
{
    /// <summary>The basemap options (validated at start: a missing or unreadable file stops the silo with the reason), the MBTiles reader and the XYZ proxy.</summary>
    public static IServiceCollection AddGridDispatchBasemap(this IServiceCollection services)
    {
        services.AddOptions<BasemapOptions>().BindConfiguration(BasemapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new MbTilesFile(sp.GetRequiredService<IOptions<BasemapOptions>>().Value.Path ?? ""));
        services.AddSingleton<XyzTileProxy>();
        services.AddHttpClient(XyzTileProxy.ClientName, (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptions<BasemapOptions>>().Value.UpstreamTimeout;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("GridDispatch-basemap/1");
        });
        return services;
    }
}
