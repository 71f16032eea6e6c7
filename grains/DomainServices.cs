using GridDispatch.Grains.Common;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Townships;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the domain grains need in a silo: clock, thresholds, the event notifier, the liveness monitor and its start-up sweep.</summary>
public static class DomainServices
{
    public static IServiceCollection AddGridDispatchDomain(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DomainClock(sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<FaultThresholds>().BindConfiguration(FaultThresholds.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IncidentPolicy>().BindConfiguration(IncidentPolicy.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LampWorkOrderOptions>().BindConfiguration(LampWorkOrderOptions.Section);
        services.AddOptions<HandheldOptions>().BindConfiguration(HandheldOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<DomainEventNotifier>();
        services.TryAddSingleton<IDomainEvents>(sp => sp.GetRequiredService<DomainEventNotifier>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<DomainEventNotifier>());
        services.TryAddSingleton<LampLivenessMonitor>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LampLivenessMonitor>()); // counts silence from start
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, TownshipLampSweep>();
        services.TryAddSingleton<CrashPoints>(); // armed only by tests

        return services;
    }
}
