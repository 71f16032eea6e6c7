using GridDispatch.Grains.Events;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class DomainEventServices
{
    /// <summary>
    /// Registers <typeparamref name="THandler"/> (a singleton) with the process's one <see cref="DomainEventInbox"/>,
    /// which is added with the first handler.
    /// </summary>
    public static IServiceCollection AddDomainEventHandler<THandler>(this IServiceCollection services) where THandler : class, IDomainEventHandler
    {
        services.TryAddSingleton<THandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDomainEventHandler, THandler>(sp => sp.GetRequiredService<THandler>()));
        if (services.All(d => d.ServiceType != typeof(DomainEventInbox)))
        {
            services.AddSingleton<DomainEventInbox>();
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<DomainEventInbox>());
        }

        return services;
    }
}
