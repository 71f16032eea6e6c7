using GridDispatch.Gateway.TimeSeries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class TimeSeriesServices
{
    /// <summary>The time-series writer, when <c>Influx:Url</c> is set (the charts read the history store, gateway/History, not the time series).</summary>
    public static IServiceCollection AddGridDispatchTimeSeries(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InfluxOptions>().BindConfiguration(InfluxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var influx = configuration.GetSection(InfluxOptions.Section).Get<InfluxOptions>() ?? new InfluxOptions();
        if (!influx.Enabled) return services;

        services.AddSingleton<InfluxWriter>();
        services.AddSingleton<ITimeSeriesWriter>(sp => sp.GetRequiredService<InfluxWriter>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<InfluxWriter>());
        services.AddSingleton<LampTags>();
        services.AddDomainEventHandler<TimeSeriesSink>();
        return services;
    }
}
