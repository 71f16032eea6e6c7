using GridDispatch.Gateway.Reports;
using GridDispatch.Grains.Incidents;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ReportServices
{
    /// <summary>Reports over the history store; with <paramref name="writes"/> the job that rolls lamp days up and freezes ended periods' 红黑榜.</summary>
    public static IServiceCollection AddGridDispatchReports(this IServiceCollection services, bool writes)
    {
        // The deadlines per severity the report shows are the incidents' own (section Incidents), also where no grain runs.
        services.AddOptions<IncidentPolicy>().BindConfiguration(IncidentPolicy.Section);
        services.AddSingleton<ReportRankings>();
        services.AddSingleton(sp => new ReportCompiler(sp.GetRequiredService<GridDispatch.Gateway.History.IHistoryStore>(),
            sp.GetRequiredService<IOptions<IncidentPolicy>>().Value, sp.GetRequiredService<ReportRankings>()));
        services.AddSingleton<ReportService>();
        if (writes) services.AddHostedService<ReportJob>();
        return services;
    }
}
